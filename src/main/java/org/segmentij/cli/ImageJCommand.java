package org.segmentij.cli;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

import org.segmentij.InputException;

import picocli.CommandLine.Command;

@Command(name = "imagej", description = "Start ImageJ 1 with SegmentIJ installed (needs a display; menus under Plugins > Segmentation).")
final class ImageJCommand implements Callable<Integer> {

	@Override
	public Integer call() throws Exception {
		if (GraphicsEnvironment.isHeadless())
			throw new InputException("No display: ImageJ needs one. Run this on a desktop, or under a virtual display: xvfb-run ./segmentij imagej");
		Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		if (!Files.isRegularFile(jar))
			throw new InputException("SegmentIJ is not packaged as a jar (" + jar + "); build it first with 'mvn package'.");
		Path home = jar.getParent().resolve("imagej");
		Path plugins = home.resolve("plugins");
		try {
			Files.createDirectories(plugins);
			Files.copy(jar, plugins.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException e) {
			throw new InputException("Cannot prepare " + plugins + ": " + e.getMessage());
		}
		ij.ImageJ.main(new String[] { "-ijpath", home.toString() });
		// ImageJ exits the process when its window is closed; until then keep this thread alive
		while (true)
			Thread.sleep(60_000);
	}
}
