package org.segmentij.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segmentij.UsageException;
import org.segmentij.deep.prompt.MaskRegion;
import org.segmentij.deep.prompt.PromptSegmentation;
import org.segmentij.deep.prompt.PromptSegmentation.Click;
import org.segmentij.deep.prompt.PromptSegmentation.ObjectPrompt;
import org.segmentij.image.Axis;
import org.segmentij.image.AxisImage;
import org.segmentij.image.LabelImages;
import org.segmentij.metrics.RoiGroundTruth;
import org.segmentij.service.RoiSet;

import ij.ImagePlus;
import ij.gui.Line;
import ij.gui.OvalRoi;
import ij.gui.PointRoi;
import ij.gui.Roi;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.IntType;

/** ROIs as prompts, and objects back as ROIs: both ways through ROI set files. */
class PromptRoisTest {

	@TempDir
	Path tmp;

	private List<Roi> roundTrip(List<Roi> rois) throws Exception {
		Path f = tmp.resolve("p" + System.nanoTime() + ".zip");
		Files.write(f, new RoiSet("prompts", rois).zip());
		return RoiGroundTruth.read(f);
	}

	@Test
	void pointsRectanglesAndGroupsBecomeObjects() throws Exception {
		PointRoi multi = new PointRoi(new int[] { 10, 40, 70 }, new int[] { 12, 44, 76 }, 3);
		multi.setName("cells");
		Roi rect = new Roi(20, 30, 15, 10);
		rect.setName("box");
		OvalRoi oval = new OvalRoi(50, 5, 8, 6);
		// group 3: a box, a positive and a negative click (counter 1) of one object
		Roi gBox = new Roi(100, 100, 30, 20);
		gBox.setGroup(3);
		PointRoi gPts = new PointRoi(new int[] { 110, 125 }, new int[] { 108, 112 }, 2);
		gPts.setGroup(3);
		gPts.setCounter(0);
		gPts.setCounters(new int[] { 0, 1 });
		for (List<Roi> rois : List.of(List.<Roi>of(multi, rect, gBox, oval, gPts), roundTrip(List.of(multi, rect, gBox, oval, gPts)))) {
			List<ObjectPrompt> o = PromptRois.objects(rois);
			assertEquals(6, o.size(), o.toString());
			for (int i = 0; i < 3; i++) {
				assertEquals(1, o.get(i).clicks().size());
				assertEquals(new Click(multi.getContainedPoints()[i].x, multi.getContainedPoints()[i].y, true), o.get(i).clicks().get(0));
				assertNull(o.get(i).box());
				assertEquals("cells-" + (i + 1), o.get(i).name());
			}
			assertArrayEquals(new double[] { 20, 30, 34, 39 }, o.get(3).box());
			assertTrue(o.get(3).clicks().isEmpty());
			ObjectPrompt g = o.get(4);
			assertArrayEquals(new double[] { 100, 100, 129, 119 }, g.box());
			assertEquals(List.of(new Click(110, 108, true), new Click(125, 112, false)), g.clicks());
			assertArrayEquals(new double[] { 50, 5, 57, 10 }, o.get(5).box());
		}
		assertThrows(UsageException.class, () -> PromptRois.objects(List.of(new Line(0, 0, 5, 5))));
		assertThrows(UsageException.class, () -> PromptRois.objects(List.of()));
	}

	@Test
	void objectsGoOutAsRoisAndComeBackAsTheSameLabels() throws Exception {
		// three objects as probability maps, two of them overlapping; one with a hole
		int w = 64, h = 48;
		float[] a = new float[20 * 20], b = new float[16 * 16], c = new float[10 * 10];
		for (int y = 0; y < 20; y++)
			for (int x = 0; x < 20; x++)
				a[y * 20 + x] = (x - 10) * (x - 10) + (y - 10) * (y - 10) <= 81 && (x - 10) * (x - 10) + (y - 10) * (y - 10) > 4 ? 0.9f : 0.1f;
		java.util.Arrays.fill(b, 0.7f);
		for (int i = 0; i < c.length; i++)
			c[i] = i % 10 < 5 ? 0.95f : 0.2f;
		List<MaskRegion> objects = List.of(new MaskRegion(2, 3, 20, 20, a), new MaskRegion(15, 10, 16, 16, b), new MaskRegion(50, 35, 10, 10, c));
		Img<IntType> labels = PromptSegmentation.labels(objects, w, h, 0.5);
		ImagePlus imp = LabelImages.toImagePlus(AxisImage.of("labels", labels, Axis.X, Axis.Y));
		List<Roi> rois = LabelRois.toRois(imp);
		assertEquals(3, rois.size());
		List<Roi> back = roundTrip(rois);
		Img<IntType> again = LabelRois.fromRois(back, w, h, 1);
		var ca = labels.cursor();
		var cb = again.cursor();
		while (ca.hasNext())
			assertEquals(ca.next().get(), cb.next().get());
		// the labels are what the maps say: a ring (hole at its centre), object 1 likelier than 2 where they overlap
		assertEquals(0, labels.getAt(12, 13).get(), "the hole");
		assertEquals(1, labels.getAt(7, 13).get());
		assertEquals(1, labels.getAt(17, 12).get(), "overlap: 0.9 beats 0.7");
		assertEquals(2, labels.getAt(25, 20).get());
		assertEquals(3, labels.getAt(52, 40).get());
		assertEquals(0, labels.getAt(57, 40).get());
	}
}
