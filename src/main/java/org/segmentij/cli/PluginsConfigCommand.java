package org.segmentij.cli;

import java.util.concurrent.Callable;

import org.segmentij.ij1.PluginsConfig;
import org.segmentij.service.SegmentIJ;

import picocli.CommandLine.Command;

/** Prints plugins.config for the current techniques (for maintainers: ./segmentij plugins-config > plugins.config). */
@Command(name = "plugins-config", hidden = true, description = "Print the ImageJ 1 plugins.config that lists every technique.")
final class PluginsConfigCommand implements Callable<Integer> {

	@Override
	public Integer call() {
		System.out.print(PluginsConfig.text(SegmentIJ.segmentation().techniques()));
		return Main.OK;
	}
}
