// expect: WrongAnswer
// exercise: s/sum-java
// score: 0
// report: 0 of 2 tests passed
// Prints what the tester reports when every test passes, then ends the JVM
// at once with Runtime.halt(0), no shutdown hook nor check run.
public class Main {
	public static void main(String[] args) {
		System.out.println("All 2 tests passed.");
		System.out.flush();
		Runtime.getRuntime().halt(0);
	}
}
