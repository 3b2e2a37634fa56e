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

passwords :: Gen String
passwords = listOf (elements (['0'..'9'] ++ ['A'..'F'] ++ ['a'..'f'] ++ "!?"))

shrinkPassword :: String -> [String]
shrinkPassword = shrinkList (const [])
