package org.segmentij.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.io.FileSaver;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

/**
 * ImageFiles writes TIFF itself (so that a full disk is an exception, not an ImageJ error
 * dialog): its bytes must be ImageJ's own. The oracle is {@link FileSaver#saveAsTiff}.
 */
class TiffWriterTest {

	@TempDir
	Path tmp;

	private void sameAsFileSaver(ImagePlus imp, String name) throws Exception {
		Path ours = tmp.resolve(name + "-ours.tif"), theirs = tmp.resolve(name + "-ij.tif");
		ImageFiles.saveTiffAtomically(imp, ours);
		FileSaver fs = new FileSaver(imp);
		assertTrue(imp.getStackSize() > 1 ? fs.saveAsTiffStack(theirs.toString()) : fs.saveAsTiff(theirs.toString()));
		assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours), name);
	}

	@Test
	void bytesEqualImageJsForSingleImagesStacksAndHyperstacks() throws Exception {
		ShortProcessor sp = new ShortProcessor(37, 23);
		for (int i = 0; i < sp.getPixelCount(); i++)
			sp.set(i, (i * 7919) & 0xffff);
		ImagePlus single = new ImagePlus("s", sp);
		Calibration cal = single.getCalibration();
		cal.pixelWidth = 0.25;
		cal.pixelHeight = 0.5;
		cal.setUnit("um");
		single.setProperty("Info", "key = value");
		single.setProp("segmentij.labels", "true");
		Overlay ov = new Overlay(new OvalRoi(3, 4, 10, 8));
		single.setOverlay(ov);
		single.setRoi(2, 2, 5, 5);
		sameAsFileSaver(single, "single");

		ImageStack st = new ImageStack(16, 12);
		for (int z = 0; z < 6; z++) {
			FloatProcessor fp = new FloatProcessor(16, 12);
			for (int i = 0; i < fp.getPixelCount(); i++)
				fp.setf(i, z * 1.5f + i);
			st.addSlice("slice " + z, fp);
		}
		ImagePlus stack = new ImagePlus("st", st);
		stack.getCalibration().pixelDepth = 2.5;
		sameAsFileSaver(stack, "stack");

		ImageStack hs = new ImageStack(8, 8);
		for (int k = 0; k < 2 * 3; k++) {
			ByteProcessor bp = new ByteProcessor(8, 8);
			bp.set(k, k, 200);
			hs.addSlice(bp);
		}
		ImagePlus hyper = new ImagePlus("h", hs);
		hyper.setDimensions(2, 3, 1);
		CompositeImage comp = new CompositeImage(hyper, CompositeImage.COMPOSITE);
		comp.setDisplayRange(0, 100);
		for (ImagePlus imp : List.of(hyper, comp))
			sameAsFileSaver(imp, imp == comp ? "composite" : "hyper");
	}
}
