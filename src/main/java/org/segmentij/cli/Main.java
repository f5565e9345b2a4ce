package org.segmentij.cli;

import org.segmentij.SegmentIJException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code segmentij} command line. Exit codes: 0 ok, 2 usage error, 3 input error (also a
 * full disk, and an image too large for the Java heap), 4 batch finished with failures (or
 * stopped early), 1 internal error. Errors are one line on stderr saying what is wrong and
 * how to fix it; {@code --debug} adds the stack trace.
 */
@Command(name = "segmentij", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
		description = "SegmentIJ: segmentation for ImageJ/Fiji, from the command line.",
		subcommands = { ListCommand.class, RunCommand.class, BatchCommand.class, BenchCommand.class, EvalCommand.class, PromptEvalCommand.class, TrainCommand.class,
				DemoCommand.class, ImageJCommand.class, PluginsConfigCommand.class, CommandLine.HelpCommand.class })
public final class Main implements Runnable {

	public static final int OK = 0, INTERNAL = 1, USAGE = 2, INPUT = 3, PARTIAL = 4;

	@Option(names = "--debug", description = "Print stack traces of errors.", scope = CommandLine.ScopeType.INHERIT)
	static boolean debug;

	@Option(names = "--verbose", description = "At the end, print the wall time and the peak Java heap used on stderr.", scope = CommandLine.ScopeType.INHERIT)
	static boolean verbose;

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		spec.commandLine().usage(System.out);
	}

	public static void main(String[] args) {
		System.exit(execute(args));
	}

	/** Runs the command line and returns its exit code (tests call this). */
	public static int execute(String... args) {
		debug = verbose = false; // static, so that every subcommand sees them: reset for each command line
		configure(args.length > 0 && args[0].equals("imagej"));
		CommandLine cl = new CommandLine(new Main());
		cl.setParameterExceptionHandler((ex, a) -> {
			CommandLine c = ex.getCommandLine();
			System.err.println("segmentij: " + ex.getMessage() + ". See '" + ("segmentij " + fullName(c)).trim() + " --help'.");
			return USAGE;
		});
		cl.setExecutionExceptionHandler((ex, c, parsed) -> {
			return report(ex);
		});
		cl.setExecutionStrategy(parsed -> {
			HeapWatch watch = verbose ? new HeapWatch() : null;
			try {
				return new CommandLine.RunLast().execute(parsed);
			}
			catch (OutOfMemoryError | StackOverflowError e) { // errors picocli passes through: one line too, no stack trace
				return report(e);
			}
			finally {
				if (watch != null)
					System.err.println("segmentij: " + watch.stop());
			}
		});
		return cl.execute(args);
	}

	private static String fullName(CommandLine c) {
		String q = c.getCommandSpec().qualifiedName(" ");
		return q.startsWith("segmentij ") ? q.substring(10) : "";
	}

	/** One line on stderr for an error, and its exit code. */
	static int report(Throwable ex) {
		if (debug)
			ex.printStackTrace();
		if (ex instanceof SegmentIJException s) {
			System.err.println("segmentij: " + s.getMessage());
			return s.exitCode();
		}
		if (ex instanceof OutOfMemoryError oom) { // the image is too large for the heap: the user's to fix, as a bad input
			System.err.println("segmentij: " + org.segmentij.Memory.outOfMemory(oom, (String) null, 1));
			return INPUT;
		}
		System.err.println("segmentij: internal error: " + ex + (debug ? "" : " (run with --debug for details; please report it)"));
		return INTERNAL;
	}

	/** Process-wide settings: headless unless started for the GUI, DJL never downloads. */
	static void configure(boolean gui) {
		setIfAbsent("ai.djl.offline", "true");
		setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
		// DJL logs through SLF4J; without a provider SLF4J prints three warning lines on every run
		setIfAbsent("slf4j.internal.verbosity", "ERROR");
		if (!gui)
			setIfAbsent("java.awt.headless", "true");
	}

	private static void setIfAbsent(String key, String value) {
		if (System.getProperty(key) == null)
			System.setProperty(key, value);
	}

	static final class Version implements CommandLine.IVersionProvider {
		@Override
		public String[] getVersion() {
			String v = Main.class.getPackage().getImplementationVersion();
			return new String[] { "SegmentIJ " + (v == null ? "(development)" : v) + ", ImageJ " + ij.IJ.getFullVersion()
					+ ", Java " + System.getProperty("java.version") };
		}
	}
}
