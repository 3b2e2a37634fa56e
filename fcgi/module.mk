# fcgi/ - the service: HTTP API programs, store and queue, worker, admin CLI.
SERVICE_MAINS := fcgi/assay.c fcgi/assay-session.c fcgi/assay-submissions.c \
	      fcgi/assay-worker.c fcgi/assay-staff.c fcgi/assay-graderd.c
SERVICE_SRCS  := $(filter-out $(SERVICE_MAINS),$(wildcard fcgi/*.c))
SERVICE_LIB   := $(B)/libassay-service.a
SERVICE_LIBS   = $(call pkg_libs,fcgi lmdb jansson libxcrypt libcrypto zlib) $(ENGINE_LIBS)

$(SERVICE_LIB): $(SERVICE_SRCS:%.c=$(B)/%.o)

bin/assay bin/assay-session bin/assay-submissions bin/assay-worker bin/assay-staff \
bin/assay-graderd: bin/%: \
		$(B)/fcgi/%.o $(SERVICE_LIB) $(ENGINE_LIB) | bin
	$(CC) $(LDFLAGS) -o $@ $^ $(SERVICE_LIBS)

PROGRAMS += bin/assay bin/assay-session bin/assay-submissions bin/assay-worker \
	    bin/assay-staff bin/assay-graderd
