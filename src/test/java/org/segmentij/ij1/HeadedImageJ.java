package org.segmentij.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs an ImageJ 1 macro in a throw-away plain ImageJ 1 (the built plugin jar in its plugins
 * folder, the dependencies on the class path) under Xvfb, with a time limit, and returns what it
 * printed (print() goes to stdout under -batch). A macro that hangs (an error dialog) is killed
 * and the test fails with the stack of where it stuck.
 */
final class HeadedImageJ {

	private HeadedImageJ() {
	}

	static String runMacro(Path tmp, String macro, int timeoutSeconds) throws Exception {
		Path pluginJar = Path.of(System.getProperty("segmentij.jar"));
		Path lib = Path.of(System.getProperty("segmentij.lib"));
		assertTrue(Files.isRegularFile(pluginJar), "plugin jar not built: " + pluginJar);
		assertTrue(new File("/usr/bin/xvfb-run").canExecute(),
				"xvfb-run is missing: install it with 'apt-get install -y xvfb xauth' (./run-tests does this)");
		Path home = tmp.resolve("ImageJ");
		Path plugins = home.resolve("plugins");
		Files.createDirectories(plugins);
		if (!Files.exists(plugins.resolve(pluginJar.getFileName())))
			Files.copy(pluginJar, plugins.resolve(pluginJar.getFileName()));
		List<String> cp = new ArrayList<>();
		try (Stream<Path> s = Files.list(lib)) {
			s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> cp.add(p.toString()));
		}
		Path macroFile = Files.createTempFile(tmp, "macro", ".ijm");
		Files.writeString(macroFile, macro, StandardCharsets.ISO_8859_1); // ImageJ 1 reads macro files as ISO-8859-1
		Path stdout = Files.createTempFile(tmp, "stdout", ".txt");
		List<String> cmd = new ArrayList<>(List.of("timeout", Integer.toString(timeoutSeconds + 30), "xvfb-run", "-a", javaBin(),
				"-Xmx1g", "-Dfile.encoding=UTF-8", "-Djava.awt.headless=false", "-Dai.djl.offline=true",
				"-Dai.djl.pytorch.num_interop_threads=1", "-cp", String.join(File.pathSeparator, cp), "ij.ImageJ", "-ijpath",
				home.toString(), "-batch", macroFile.toString()));
		ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(stdout.toFile());
		pb.environment().put("HOME", tmp.toString()); // fresh IJ_Prefs, nothing from the user's
		pb.environment().put("LC_ALL", "C.UTF-8");
		Process p = pb.start();
		Path stacks = tmp.resolve("jstack.txt");
		boolean finished = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
		if (!finished) {
			for (ProcessHandle h : p.descendants().toList())
				if (h.info().command().orElse("").endsWith("java"))
					new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(), Long.toString(h.pid()))
							.redirectOutput(stacks.toFile()).start().waitFor(20, TimeUnit.SECONDS);
			p.descendants().forEach(ProcessHandle::destroyForcibly);
			p.destroyForcibly();
		}
		String out = Files.readString(stdout);
		String where = Files.exists(stacks) ? Files.readString(stacks).lines()
				.filter(l -> l.contains("at ij.") || l.contains("at org.segmentij")).limit(25).reduce("", (a, b) -> a + b + "\n") : "";
		assertTrue(finished, "ImageJ did not finish (an error dialog?):\n" + out + "\n" + where);
		assertEquals(0, p.exitValue(), "ImageJ exit code; output:\n" + out);
		return out;
	}

	private static String javaBin() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}
}
