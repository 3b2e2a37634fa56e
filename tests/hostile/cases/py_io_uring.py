# expect: RuntimeError
# report: forbidden system call: io_uring_setup
# exercise: py/echo
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
params = ctypes.create_string_buffer(120)
print("escaped" if libc.syscall(425, 8, params) >= 0 else "hi")
