module Main where
import Test.Hspec
import Test.QuickCheck
import Data.Char

import Submission (strongPasswd)

main :: IO ()
main = hspec $ do
  describe "strongPasswd" $ do
    it "short passwords are weak" $
      strongPasswd "aB1" `shouldBe` False
    it "random passwords" $ property $
      forAllShrink passwords shrinkPassword $ \xs ->
        strongPasswd xs `shouldBe` reference xs

reference :: String -> Bool
reference xs = length xs >= 6 && any isUpper xs && any isLower xs && any isDigit xs

-- Half of them without digits: a solution that forgets the digit is found
-- every time, not in most runs.
passwords :: Gen String
passwords = oneof [listOf (elements (['0'..'9'] ++ letters)), listOf (elements letters)]
  where letters = ['A'..'F'] ++ ['a'..'f'] ++ "!?"

shrinkPassword :: String -> [String]
shrinkPassword = shrinkList (const [])
