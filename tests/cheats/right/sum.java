// exercise: s/sum-java
// The right answer: the exercise can be passed.
import java.util.Scanner;

public class Main {
	public static void main(String[] args) {
		Scanner in = new Scanner(System.in);
		long a = in.nextLong(), b = in.nextLong();
		System.out.println(a + b);
	}
}
