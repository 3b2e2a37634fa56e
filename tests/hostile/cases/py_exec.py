# expect: RuntimeError
# report: forbidden system call: execve
# exercise: py/echo
import os
os.execv("/bin/sh", ["sh", "-c", "echo escaped"])
