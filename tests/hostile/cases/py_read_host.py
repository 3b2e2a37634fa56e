# expect: Accepted
# exercise: py/echo
# Host files: none is there.
import os
found = [p for p in ("/etc/shadow", "@DATA@/db/data.mdb", "@DATACANARY@", "@TMPCANARY@",
                     "@SITE@/current/specs/py/echo.json", "@BIN@/assay-worker", "/root", "/home")
         if os.path.exists(p)]
print("escaped " + " ".join(found) if found else "hi")
