module Main where
import Test.Hspec
import Test.QuickCheck
import System.IO.Unsafe (unsafePerformIO)
import Foreign.C.Types
import Foreign.C.String
import Data.Char (isUpper, isLower, isDigit)

foreign import ccall "strong_passwd" c_strong_passwd :: CString -> IO CInt

strongPasswd :: String -> Int
strongPasswd s = fromIntegral (unsafePerformIO (withCString s c_strong_passwd))

reference :: String -> Bool
reference xs = length xs >= 6 && any isUpper xs && any isLower xs && any isDigit xs

main :: IO ()
main = hspec $
  describe "strong_passwd" $
    it "random passwords" $
      forAllShrink (listOf (choose ('0', 'z'))) (shrinkList (const [])) $ \xs ->
        strongPasswd xs `shouldBe` fromEnum (reference xs)
