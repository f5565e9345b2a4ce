package org.segmentij.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away plain ImageJ 1 (ij.jar from Maven Central) under Xvfb for the integration tests:
 * a home folder whose plugins/ holds only the built SegmentIJ jar (as a user installs it), ij.jar
 * and the dependencies on the class path, a fresh HOME (no user preferences), and a hard time
 * limit (an error dialog would otherwise wait forever; then the Java stacks show where it stuck).
 */
final class ImageJ1Process {

	/** What a run printed and how it ended. */
	record Result(boolean finished, int exit, String output, String stacks) {

		void assertOk() {
			assertTrue(finished, "ImageJ did not finish (an error dialog?):\n" + output + "\n" + stacks);
			assertEquals(0, exit, "ImageJ exit code; output:\n" + output);
		}
	}

	final Path tmp, home;
	private final List<String> classpath = new ArrayList<>();

	/** Sets up ImageJ's home in {@code tmp/ImageJ} with the plugin jar in plugins/. */
	ImageJ1Process(Path tmp) throws IOException {
		this.tmp = tmp;
		Path pluginJar = Path.of(System.getProperty("segmentij.jar"));
		Path lib = Path.of(System.getProperty("segmentij.lib"));
		assertTrue(Files.isRegularFile(pluginJar), "plugin jar not built: " + pluginJar);
		assertTrue(new File("/usr/bin/xvfb-run").canExecute(),
				"xvfb-run is missing: install it with 'apt-get install -y xvfb xauth' (./run-tests does this)");
		home = tmp.resolve("ImageJ");
		Path plugins = home.resolve("plugins");
		Files.createDirectories(plugins);
		Files.copy(pluginJar, plugins.resolve(pluginJar.getFileName()));
		try (Stream<Path> s = Files.list(lib)) {
			s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> classpath.add(p.toString()));
		}
		assertTrue(classpath.stream().anyMatch(p -> p.contains("/ij-")), "ij.jar not in " + lib);
	}

	/** Runs a macro file in ImageJ's batch mode ({@code ij.ImageJ -batch FILE ARG}); print() goes to stdout. */
	Result macro(Path macroFile, String argument, int timeoutSeconds) throws Exception {
		List<String> args = new ArrayList<>(List.of("ij.ImageJ", "-ijpath", home.toString(), "-batch", macroFile.toString()));
		if (argument != null)
			args.add(argument);
		return java(List.of(), args, timeoutSeconds);
	}

	/** Runs a Java main class; {@code extraClasspath} goes before the libraries. */
	Result java(List<String> extraClasspath, List<String> mainAndArgs, int timeoutSeconds) throws Exception {
		List<String> cp = new ArrayList<>(extraClasspath);
		cp.addAll(classpath);
		List<String> cmd = new ArrayList<>(List.of("timeout", Integer.toString(timeoutSeconds + 30), "xvfb-run", "-a",
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-Dfile.encoding=UTF-8",
				"-Djava.awt.headless=false", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_interop_threads=1", "-cp", String.join(File.pathSeparator, cp)));
		cmd.addAll(mainAndArgs);
		Path stdout = Files.createTempFile(tmp, "stdout", ".txt");
		ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(stdout.toFile());
		pb.environment().put("HOME", tmp.toString()); // fresh IJ_Prefs, nothing from the user's
		pb.environment().put("LC_ALL", "C.UTF-8");
		Process p = pb.start();
		Path stacks = Files.createTempFile(tmp, "jstack", ".txt");
		boolean finished = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
		if (!finished) {
			for (ProcessHandle h : p.descendants().toList())
				if (h.info().command().orElse("").endsWith("java"))
					new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(), Long.toString(h.pid()))
							.redirectOutput(stacks.toFile()).start().waitFor(20, TimeUnit.SECONDS);
			p.descendants().forEach(ProcessHandle::destroyForcibly);
			p.destroyForcibly();
		}
		String where = Files.readString(stacks).lines().filter(l -> l.contains("at ij.") || l.contains("at org.segmentij") || l.startsWith("\""))
				.limit(60).reduce("", (a, b) -> a + b + "\n");
		return new Result(finished, finished ? p.exitValue() : -1, Files.readString(stdout), where);
	}

	/** The build's class folders (main and test), for probes that call SegmentIJ directly. */
	static List<String> classFolders() {
		Path jar = Path.of(System.getProperty("segmentij.jar"));
		Path target = jar.getParent();
		return List.of(target.resolve("classes").toString(), target.resolve("test-classes").toString());
	}
}
