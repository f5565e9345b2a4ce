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
		ImageJ1Process ij = new ImageJ1Process(tmp);

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

		ImageJ1Process.Result result = ij.macro(macroFile, null, 120);
		result.assertOk();
		String out = result.output();
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

}
