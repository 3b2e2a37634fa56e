{-
 Codex/QuickCheck.hs - the names Codex's quickcheck property files use
 (`import Codex.QuickCheck`), on top of Debian's QuickCheck, so that such a
 file builds and grades on Assay unchanged. Assay's own implementation of
 that interface: QuickCheck's modules re-exported, plus

   quickCheckMain prop     runs prop with the options of the exercise
                           (--maxSuccess=N --maxSize=N --maxDiscardRatio=N
                           --randSeed=N, as the tester passes them) and
                           ends with status 1 when it fails
   testing name prop       names the function under test in the report
   forAllShrink name gen shrink f, forAll name gen f,
   forArbitrary name f, letArg name value f
                           quantify, showing the value as `name = value`
   actual ?== expected     equality that reports both sides (also ==?)
   prop <?> text           a line of context in the report
   runC                    runs a C call from pure code
   withCheckedArray(Len)   a C array between canaries: a write before or
                           after it fails the test
   CArray, showArray       lists shown as C array literals

 It is compiled with the author's test program, never with the student's
 code, and is not Safe Haskell (runC is unsafePerformIO by design: only
 the author's code may use it).
-}
module Codex.QuickCheck
  ( module Test.QuickCheck
  , module Foreign
  , module Foreign.C
  , quickCheckMain
  , testing
  , forAllShrink
  , forAll
  , forArbitrary
  , letArg
  , (?==)
  , (==?)
  , (<?>)
  , runC
  , withCheckedArray
  , withCheckedArrayLen
  , ArrayOverflow(..)
  , CArray(..)
  , showArray
  , showsArray
  ) where

import Control.Exception (Exception, throwIO)
import Control.Monad (replicateM, unless)
import Data.List (foldl', intercalate)
import Foreign hiding (void, (.&.))
import Foreign.C
import System.Console.GetOpt
import System.Environment (getArgs)
import System.Exit (exitFailure)
import System.IO.Unsafe (unsafePerformIO)
import System.Random (Random, randomIO)
import Test.QuickCheck hiding (forAll, forAllShrink)
import qualified Test.QuickCheck as Q
import Test.QuickCheck.Random (mkQCGen)

infix 4 ?==, ==?
infixr 0 <?>

-- The options the tester passes (Codex's names).
options :: [OptDescr (Args -> Args)]
options =
  [ Option [] ["maxSuccess"] (ReqArg (\s a -> a { maxSuccess = read s }) "N") "tests"
  , Option [] ["maxSize"] (ReqArg (\s a -> a { maxSize = read s }) "N") "size"
  , Option [] ["maxDiscardRatio"]
      (ReqArg (\s a -> a { maxDiscardRatio = read s }) "N") "discards"
  , Option [] ["randSeed"]
      (ReqArg (\s a -> a { replay = Just (mkQCGen (read s), 0) }) "N") "seed"
  ]

quickCheckMain :: Testable prop => prop -> IO ()
quickCheckMain prop = do
  argv <- getArgs
  let (fs, _, _) = getOpt Permute options argv
      args = foldl' (flip id) stdArgs fs
  r <- quickCheckWithResult args prop
  unless (isSuccess r) exitFailure

testing :: Testable prop => String -> prop -> Property
testing name = counterexample ("Testing " ++ name ++ " with:")

labelled :: Show a => String -> a -> String
labelled name x
  | null name = "\t" ++ show x
  | otherwise = "\t" ++ name ++ " = " ++ show x

forAllShrink :: (Show a, Testable prop)
             => String -> Gen a -> (a -> [a]) -> (a -> prop) -> Property
forAllShrink name gen shr f =
  Q.forAllShrinkShow gen shr (labelled name) f

forAll :: (Show a, Testable prop) => String -> Gen a -> (a -> prop) -> Property
forAll name gen = forAllShrink name gen (const [])

forArbitrary :: (Show a, Arbitrary a, Testable prop)
             => String -> (a -> prop) -> Property
forArbitrary name = forAllShrink name arbitrary shrink

letArg :: (Show a, Testable prop) => String -> a -> (a -> prop) -> Property
letArg name v = forAll name (return v)

(?==) :: (Eq a, Show a) => a -> a -> Property
actual ?== expected =
  counterexample ("Expected:\n\t" ++ show expected ++ "\nGot:\n\t" ++ show actual)
    (actual == expected)

(==?) :: (Eq a, Show a) => a -> a -> Property
expected ==? actual = actual ?== expected

(<?>) :: Testable prop => prop -> String -> Property
prop <?> info = counterexample info prop

runC :: IO a -> a
runC = unsafePerformIO

data ArrayOverflow = ArrayBufferOverwrite | ArrayBufferUnderwrite
  deriving Show

instance Exception ArrayOverflow

canaries :: Int
canaries = 4

withCheckedArray :: (Eq a, Random a, Storable a) => [a] -> (Ptr a -> IO b) -> IO b
withCheckedArray xs k = withCheckedArrayLen xs (const k)

withCheckedArrayLen :: (Eq a, Random a, Storable a)
                    => [a] -> (Int -> Ptr a -> IO b) -> IO b
withCheckedArrayLen xs k = do
  before <- replicateM canaries randomIO
  after <- replicateM canaries randomIO
  withArrayLen (before ++ xs ++ after) $ \n p -> do
    r <- k (n - 2 * canaries) (advancePtr p canaries)
    before' <- peekArray canaries p
    after' <- peekArray canaries (advancePtr p (n - canaries))
    unless (before' == before) $ throwIO ArrayBufferUnderwrite
    unless (after' == after) $ throwIO ArrayBufferOverwrite
    return r

newtype CArray a = CArray [a] deriving Eq

instance Show a => Show (CArray a) where
  showsPrec _ (CArray xs) = showsArray xs

instance Arbitrary a => Arbitrary (CArray a) where
  arbitrary = CArray <$> arbitrary
  shrink (CArray xs) = map CArray (shrink xs)

showArray :: Show a => [a] -> String
showArray xs = showsArray xs ""

showsArray :: Show a => [a] -> ShowS
showsArray xs = showChar '{' . showString (intercalate "," (map show xs)) . showChar '}'
