// expect: WrongAnswer
// exercise: s/sum-java
// score: 0
// absent: 42345
// absent: 40000
// Lists every file it can reach from its working directory, /tmp and the
// directory above, prints their text, and its environment and properties,
// looking for the tests' files.
import java.io.File;
import java.nio.file.Files;

public class Main {
	public static void main(String[] args) throws Exception {
		for (String dir : new String[] { ".", "/tmp", ".." }) {
			File[] files = new File(dir).listFiles();
			if (files == null)
				continue;
			for (File f : files) {
				System.out.println("== " + f);
				if (f.isFile() && f.getName().matches(".*\\.(in|out|json|txt)"))
					System.out.println(new String(Files.readAllBytes(f.toPath())));
			}
		}
		System.out.println(System.getenv());
		System.out.println(0);
	}
}
