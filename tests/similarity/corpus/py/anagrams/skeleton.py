import sys


def read_words():
    return [line.strip() for line in sys.stdin if line.strip()]
