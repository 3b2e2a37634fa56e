# A reference solution of python/palindrome.md (never published: see solutions/README).
def is_palindrome(text):
    """Does text read the same backwards, ignoring case and all but letters?"""
    letters = [c.lower() for c in text if c.isalpha()]
    return letters == letters[::-1]
