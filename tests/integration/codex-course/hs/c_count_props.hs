import Codex.QuickCheck
import Data.Char (isDigit)

foreign import ccall "count_digits" c_count_digits :: CString -> IO CInt

-- The student's function, called with a fresh C copy of the string, which
-- must come back unchanged.
count_digits :: String -> Int
count_digits s = runC $ withCString s $ \p -> do
  n <- c_count_digits p
  s' <- peekCAString p
  if s' /= s then ioError (userError "the argument string was changed")
             else return (fromIntegral n)

-- The reference.
reference :: String -> Int
reference = length . filter isDigit

prop_count :: Property
prop_count = testing "count_digits" $
  forAllShrink "str" (listOf (choose ('0', 'z'))) shrink $
  \s -> count_digits s ?== reference s

main :: IO ()
main = quickCheckMain prop_count
