# expect: WrongAnswer
# exercise: k/shout
# score: 0
# absent: xyz
# absent: secret words
# absent: SECRET WORDS
# absent: #<assay-
# Prints, from every program file of its box, the lines of the tests (not
# its own): a shown case's output is shown, so the hidden cases' code must
# not be there while shown cases run.
import glob


def shout(s):
    for name in sorted(glob.glob("*") + glob.glob("/tmp/*")):
        try:
            with open(name) as f:
                for line in f:
                    if "compile(" in line or "__assay" in line:
                        print(name, line.rstrip())
        except (OSError, UnicodeDecodeError):
            pass
    return s.lower()
