package org.segmentij.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segmentij.image.ImagePlusAdapter;
import org.segmentij.image.SyntheticNuclei;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ImageProcessor;

/**
 * A real ImageJ 1 (ij.jar from Maven Central) under Xvfb, with the plugin jar alone in its
 * plugins folder as a user would install it, runs a batch-mode macro that calls SegmentIJ's
 * commands by their menu labels; the saved outputs are checked against ImageJ 1's own Otsu.
 * Needs xvfb-run (packages xvfb and xauth; ./run-tests installs them).
 */
class MacroIT {

	@TempDir
	Path tmp;

	@Test
	void macroRunsCommandsInPlainImageJ1UnderXvfb() throws Exception {
		Path pluginJar = Path.of(System.getProperty("segmentij.jar"));
		Path lib = Path.of(System.getProperty("segmentij.lib"));
		assertTrue(Files.isRegularFile(pluginJar), "plugin jar not built: " + pluginJar);
		assertTrue(new File("/usr/bin/xvfb-run").canExecute(),
				"xvfb-run is missing: install it with 'apt-get install -y xvfb xauth' (./run-tests does this)");

		// ImageJ home: plugins/SegmentIJ_-x.jar only; ij.jar and the dependencies on the class path
		Path home = tmp.resolve("ImageJ");
		Path plugins = home.resolve("plugins");
		Files.createDirectories(plugins);
		Files.copy(pluginJar, plugins.resolve(pluginJar.getFileName()));
		List<String> cp = new ArrayList<>();
		try (Stream<Path> s = Files.list(lib)) {
			s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> cp.add(p.toString()));
		}
		assertTrue(cp.stream().anyMatch(p -> p.contains("/ij-")), "ij.jar not in " + lib);

		// Input: a synthetic 16-bit nuclei image
		SyntheticNuclei.Sample sample = SyntheticNuclei.generate(SyntheticNuclei.Params.defaults2D(256, 256, 25, 11));
		ImagePlus input = ImagePlusAdapter.toImagePlus(org.segmentij.image.AxisImage.of("nuclei",
				sample.image(), org.segmentij.image.Axis.X, org.segmentij.image.Axis.Y));
		Path in = tmp.resolve("in put é.tif"); // spaces and non-ASCII in paths
		assertTrue(new FileSaver(input).saveAsTiff(in.toString()));

		Path ours = tmp.resolve("otsu.tif"), theirs = tmp.resolve("ij1.tif"), manual = tmp.resolve("manual.tif"),
				labels = tmp.resolve("labels.tif"), nifti = tmp.resolve("otsu mask.nii.gz"), truthFile = tmp.resolve("truth.tif"), metricsCsv = tmp.resolve("metrics.csv");
		assertTrue(new FileSaver(org.segmentij.image.LabelImages.toImagePlus(org.segmentij.image.AxisImage.of("truth",
				sample.labels(), org.segmentij.image.Axis.X, org.segmentij.image.Axis.Y))).saveAsTiff(truthFile.toString()));
		String macro = String.join("\n",
				"setBatchMode(true);",
				"open(\"" + in + "\");",
				"id = getImageID();",
				"run(\"Otsu Threshold\", \"imagej_histogram\");",
				"print(\"title=\" + getTitle());",
				"saveAs(\"Tiff\", \"" + ours + "\");",
				"print(\"otsu threshold=\" + Property.get(\"SegmentIJ.threshold\"));",
				"run(\"Save as NIfTI...\", \"save=[" + nifti + "]\");",
				"run(\"Open NIfTI...\", \"open=[" + nifti + "]\");",
				"print(\"nifti=\" + getWidth() + \"x\" + getHeight() + \"x\" + nSlices + \" \" + bitDepth());",
				"close();",
				"selectImage(id);",
				"run(\"Yen Threshold\", \"value_only\");",
				"run(\"Sauvola Local Threshold\", \"radius=10 k=0.3 r=100\");",
				"print(\"sauvola title=\" + getTitle());",
				"run(\"Connected Components Labeling\", \"connectivity=full\");",
				"saveAs(\"Tiff\", \"" + labels + "\");",
				"selectImage(id);",
				"run(\"Manual Threshold\", \"lower=1000 upper=Infinity\");",
				"saveAs(\"Tiff\", \"" + manual + "\");",
				"selectImage(id);",
				"run(\"Duplicate...\", \"title=ij1\");",
				"setAutoThreshold(\"Otsu dark\");",
				"setOption(\"BlackBackground\", true);",
				"run(\"Convert to Mask\");",
				"saveAs(\"Tiff\", \"" + theirs + "\");",
				"rename(\"ij1mask\");",
				"open(\"" + truthFile + "\");",
				"rename(\"truth\");",
				"run(\"Evaluate Segmentation\", \"prediction=ij1mask ground_truth=truth classes=0 instances thresholds=0.5 surface_distances tolerance=2\");",
				"selectWindow(\"Segmentation Metrics\");",
				"saveAs(\"Results\", \"" + metricsCsv + "\");",
				"");
		Path macroFile = tmp.resolve("test.ijm");
		Files.writeString(macroFile, macro, StandardCharsets.ISO_8859_1); // ImageJ 1 reads macro files as ISO-8859-1

		List<String> cmd = new ArrayList<>(List.of("timeout", "150", "xvfb-run", "-a", javaBin(), "-Xmx1g", "-Dfile.encoding=UTF-8",
				"-Djava.awt.headless=false", "-Dai.djl.offline=true", "-cp", String.join(File.pathSeparator, cp),
				"ij.ImageJ", "-ijpath", home.toString(), "-batch", macroFile.toString()));
		ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("stdout.txt").toFile());
		pb.environment().put("HOME", tmp.toString()); // fresh IJ_Prefs, nothing from the user's
		pb.environment().put("LC_ALL", "C.UTF-8");
		Process p = pb.start();
		// a macro error opens a dialog that waits forever: give up early and show where it stuck
		Path stacks = tmp.resolve("jstack.txt");
		boolean finished = p.waitFor(120, TimeUnit.SECONDS);
		if (!finished) {
			for (ProcessHandle h : p.descendants().toList())
				if (h.info().command().orElse("").endsWith("java"))
					new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
							Long.toString(h.pid())).redirectOutput(stacks.toFile()).start().waitFor(20, TimeUnit.SECONDS);
			p.descendants().forEach(ProcessHandle::destroyForcibly);
			p.destroyForcibly();
		}
		String out = Files.readString(tmp.resolve("stdout.txt"));
		String where = Files.exists(stacks) ? Files.readString(stacks).lines().filter(l -> l.contains("at ij.") || l.contains("at org.segmentij"))
				.limit(25).reduce("", (a, b) -> a + b + "\n") : "";
		assertTrue(finished, "ImageJ did not finish (an error dialog?):\n" + out + "\n" + where);
		assertEquals(0, p.exitValue(), "ImageJ exit code; output:\n" + out);
		assertTrue(Files.exists(ours), "macro wrote no Otsu output; output:\n" + out);

		ImagePlus a = IJ.openImage(ours.toString()), b = IJ.openImage(theirs.toString());
		assertNotNull(a);
		assertNotNull(b);
		String logText = out; // in -batch mode print() writes to stdout
		assertTrue(logText.contains("title=in put é-otsu"), "result title (new image named after the input): " + logText);
		assertTrue(logText.matches("(?s).*otsu threshold=\\d+.*"), logText);
		assertTrue(logText.matches("(?s).*Yen Threshold of in put é.tif: threshold=\\d+.*"), "value_only goes to the Log: " + logText);
		assertTrue(logText.contains("sauvola title=in put é-local-sauvola"), logText);
		assertArrayEquals((byte[]) b.getProcessor().getPixels(), (byte[]) a.getProcessor().getPixels(),
				"SegmentIJ's Otsu in ImageJ differs from ImageJ 1's own");
		// Save as NIfTI... / Open NIfTI... from the menus: the same mask back
		assertTrue(logText.contains("nifti=256x256x1 8"), logText);
		assertArrayEquals((byte[]) a.getProcessor().getPixels(), (byte[]) org.segmentij.io.Nifti.read(nifti).getProcessor().getPixels(),
				"Save as NIfTI wrote other pixels");

		ImagePlus m = IJ.openImage(manual.toString());
		ImageProcessor ip = input.getProcessor();
		for (int i = 0; i < ip.getPixelCount(); i++)
			assertEquals(ip.get(i) >= 1000 ? 255 : 0, m.getProcessor().get(i));

		// Evaluate Segmentation wrote its table; its Dice equals the metrics service's on the same pair
		List<String> table = Files.readAllLines(metricsCsv);
		assertEquals(2, table.size(), String.join("\n", table));
		List<String> header = List.of(table.get(0).split(",")), row = List.of(table.get(1).split(","));
		double dice = Double.parseDouble(row.get(header.indexOf("dice")));
		org.segmentij.service.Evaluation e = org.segmentij.service.SegmentIJ.metrics().evaluate(b, IJ.openImage(truthFile.toString()),
				org.segmentij.service.EvaluationOptions.defaults());
		assertEquals(e.value("dice"), dice, 1e-6);
		assertTrue(header.contains("ap@0.50") && header.contains("hd95"), table.get(0));

		ImagePlus l = IJ.openImage(labels.toString());
		assertEquals(16, l.getBitDepth());
		assertTrue(l.getStatistics().max >= 10, "labels max " + l.getStatistics().max);
	}

	private static String javaBin() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

}
