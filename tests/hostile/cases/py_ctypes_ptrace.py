# expect: RuntimeError
# report: forbidden system call: ptrace
# exercise: py/echo
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
print("escaped" if libc.ptrace(16, 1, 0, 0) == 0 else "hi")
