# fcgi/ - the service: HTTP API programs, store and queue, worker, admin CLI.
FCGI_MAINS := fcgi/assay.c fcgi/assay-session.c fcgi/assay-submissions.c \
	      fcgi/assay-worker.c
FCGI_SRCS  := $(filter-out $(FCGI_MAINS),$(wildcard fcgi/*.c))
FCGI_LIB   := $(B)/libassay-service.a
FCGI_LIBS   = $(call pkg_libs,fcgi lmdb jansson libxcrypt libcrypto) $(SANDBOX_LIBS)

$(FCGI_LIB): $(FCGI_SRCS:%.c=$(B)/%.o)

bin/assay bin/assay-session bin/assay-submissions bin/assay-worker: bin/%: \
		$(B)/fcgi/%.o $(FCGI_LIB) $(SANDBOX_LIB) | bin
	$(CC) $(LDFLAGS) -o $@ $^ $(FCGI_LIBS)

PROGRAMS += bin/assay bin/assay-session bin/assay-submissions bin/assay-worker
