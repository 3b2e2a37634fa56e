>>> is_palindrome("level")
True
>>> is_palindrome("Never odd or even")
True
>>> is_palindrome("Palindrome")
False
>>> is_palindrome("A man, a plan, a canal: Panama!")
True
