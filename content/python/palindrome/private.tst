>>> is_palindrome("")
True
>>> is_palindrome("!?")
True
>>> is_palindrome("ab")
False
>>> is_palindrome("Was it a car or a cat I saw?")
True
>>> is_palindrome("Almost a palindrome: amordnilap a tsomla")
False
>>> is_palindrome("Engage le jeu que je le gagne.")
True
