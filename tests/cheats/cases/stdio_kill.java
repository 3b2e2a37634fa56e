// expect: WrongAnswer
// exercise: s/sum-java
// score: 0
// Tries to end every other process it can see (its parent, the jail's init)
// and prints a fake pass, hoping to stop whatever judges it.
public class Main {
	public static void main(String[] args) {
		ProcessHandle.current().parent().ifPresent(p -> p.destroyForcibly());
		ProcessHandle.allProcesses().filter(p -> p.pid() != ProcessHandle.current().pid())
		    .forEach(p -> p.destroyForcibly());
		System.out.println("All 2 tests passed.");
		System.exit(0);
	}
}
