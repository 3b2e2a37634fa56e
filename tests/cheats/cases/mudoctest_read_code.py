# expect: RuntimeError
# exercise: mu/sign
# score: 0
# report: cannot reach the attribute
# Tells the target from a mutant by its bytecode rather than its behaviour
# (the target is on the page): the module runs in a process of its own, and
# its functions here are proxies whose code cannot be read.
>>> import hashlib; hashlib.md5(sign.__code__.co_code).hexdigest()[:4] == sign.__code__.co_code.hex()[:4]
False
