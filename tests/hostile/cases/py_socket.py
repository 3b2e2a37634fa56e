# expect: RuntimeError
# report: forbidden system call: socket
# exercise: py/echo
# Would reach only the test's own listener on 127.0.0.1.
import socket
s = socket.create_connection(("127.0.0.1", @PORT@), timeout=1)
print("escaped")
