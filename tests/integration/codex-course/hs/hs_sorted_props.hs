-- A QuickCheck program with its own main, as Codex's quickcheck tester
-- runs them: the exercise's numbers come as --maxSuccess=N --maxSize=N
-- --randSeed=N.
import Test.QuickCheck
import Data.List (isPrefixOf, sort)
import System.Environment (getArgs)
import qualified Submission

prop_sorted :: Int -> [Int] -> Property
prop_sorted x xs = Submission.insert x (sort xs) === sort (x : xs)

main :: IO ()
main = do
  args <- getArgs
  let arg name d = head ([read (drop (length name + 3) a) | a <- args,
                          ("--" ++ name ++ "=") `isPrefixOf` a] ++ [d])
  quickCheckWith stdArgs { maxSuccess = arg "maxSuccess" 100,
                           maxSize = arg "maxSize" 100 } prop_sorted
