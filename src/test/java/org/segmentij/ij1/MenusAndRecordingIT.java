package org.segmentij.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segmentij.image.Axis;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;
import org.segmentij.image.SyntheticNuclei;
import org.segmentij.service.SegmentIJ;
import org.segmentij.service.SegmentationService;
import org.segmentij.service.Technique;

import ij.ImagePlus;
import ij.io.FileSaver;

/**
 * In a plain ImageJ 1 under Xvfb with the plugin jar installed: (1) the menu bar has every
 * technique under Plugins › Segmentation › Group, once, in the known groups, plus Evaluate and
 * Batch; (2) for every technique, what the Macro Recorder writes after the dialog was filled with
 * non-default values replays to the same output as a direct run (see {@link Ij1Probe}).
 */
class MenusAndRecordingIT {

	/** The groups under Plugins › Segmentation (Filters: gaussian-blur, from the speed work; IO: NIfTI). */
	static final Set<String> GROUPS = Set.of("Threshold", "Edges", "Regions", "Clustering", "Deep Learning", "Instance", "Evaluate",
			"Batch", "Filters", "IO");

	@TempDir
	Path tmp;

	@Test
	void menusAndRecordedMacrosInPlainImageJ1() throws Exception {
		ImageJ1Process ij = new ImageJ1Process(tmp);
		Path inputs = Files.createDirectories(tmp.resolve("inputs")), out = Files.createDirectories(tmp.resolve("out"));
		SegmentationService service = SegmentIJ.segmentation();
		SyntheticNuclei.Sample s = SyntheticNuclei.generate(SyntheticNuclei.Params.defaults2D(64, 56, 5, 3));
		ImagePlus in = ImagePlusAdapter.toImagePlus(AxisImage.of("in", s.image(), Axis.X, Axis.Y));
		in.getCalibration().pixelWidth = in.getCalibration().pixelHeight = 0.5;
		in.getCalibration().setUnit("µm");
		ImagePlus mask = service.run("otsu", in, Map.of()).image();
		ImagePlus labels = service.run("connected-components", mask, Map.of()).image();
		assertTrue(new FileSaver(in).saveAsTiff(inputs.resolve("in.tif").toString()));
		assertTrue(new FileSaver(mask).saveAsTiff(inputs.resolve("mask.tif").toString()));
		assertTrue(new FileSaver(labels).saveAsTiff(inputs.resolve("labels.tif").toString()));
		// prompts for Promptable Segmentation: one click at the centre of each generated nucleus
		org.segmentij.deep.prompt.PromptEvaluation.Truth truth = org.segmentij.deep.prompt.PromptEvaluation.Truth.of(
				(int[]) ((net.imglib2.img.basictypeaccess.array.IntArray) ((net.imglib2.img.array.ArrayImg<?, ?>) s.labels()).update(null))
						.getCurrentStorageArray(), 64, 56);
		List<ij.gui.Roi> clicks = new ArrayList<>();
		for (var o : truth.clicks())
			clicks.add(new ij.gui.PointRoi((int) Math.round(o.clicks().get(0).x()), (int) Math.round(o.clicks().get(0).y())));
		Files.write(inputs.resolve("prompts.zip"), new org.segmentij.service.RoiSet("prompts", clicks).zip());

		ImageJ1Process.Result r = ij.java(ImageJ1Process.classFolders(),
				List.of(Ij1Probe.class.getName(), ij.home.toString(), out.toString(), inputs.toString()), 180);
		r.assertOk();

		// (1) menus
		List<String> menus = Files.readAllLines(out.resolve("menus.txt"));
		List<String> ours = menus.stream().filter(m -> m.startsWith("Plugins>Segmentation>")).toList();
		List<Technique> techniques = service.techniques();
		for (Technique t : techniques)
			assertTrue(ours.contains(t.menuPath()), t.menuPath() + " not in ImageJ's menus:\n" + String.join("\n", ours));
		for (String other : List.of("Plugins>Segmentation>Evaluate>Evaluate Segmentation", "Plugins>Segmentation>Batch>Batch Process Folder...",
				"Plugins>Segmentation>Batch>Run Pipeline..."))
			assertTrue(ours.contains(other), other + " missing:\n" + String.join("\n", ours));
		assertEquals(techniques.size() + PluginsConfig.OTHER_ENTRIES.size(), ours.size(), "each command once:\n" + String.join("\n", ours));
		for (String m : ours)
			assertTrue(GROUPS.contains(m.split(">")[2]), "unknown group in " + m);

		// (2) recording: one line per technique, every one replayed identically
		List<String> report = Files.readAllLines(out.resolve("recording.txt"));
		System.out.println("Recorded and replayed:\n" + String.join("\n", report));
		assertEquals(techniques.size(), report.size(), String.join("\n", report) + "\n" + r.output());
		List<String> bad = new ArrayList<>();
		for (String line : report)
			if (!(line.startsWith("OK ") || line.startsWith("SKIP ") && Ij1Probe.NOT_RECORDED.containsKey(line.split(" ")[1])))
				bad.add(line);
		assertTrue(bad.isEmpty(), String.join("\n", bad) + "\n--- output:\n" + r.output());
		assertTrue(report.stream().filter(l -> l.startsWith("OK ")).count() >= techniques.size() - Ij1Probe.NOT_RECORDED.size());
	}
}
