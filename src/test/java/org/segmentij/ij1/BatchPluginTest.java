package org.segmentij.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segmentij.UsageException;
import org.segmentij.service.FolderBatch;
import org.segmentij.service.SegmentIJ;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;

/** The macro options of Batch Process Folder: the output format reaches the batch engine; bad options are named. */
class BatchPluginTest {

	@TempDir
	Path tmp;

	@Test
	void formatOptionWritesThatFormat() throws Exception {
		Path in = Files.createDirectories(tmp.resolve("in"));
		ByteProcessor bp = new ByteProcessor(20, 10);
		bp.setRoi(3, 2, 6, 5);
		bp.setValue(200);
		bp.fill();
		assertTrue(new FileSaver(new ImagePlus("a", bp)).saveAsTiff(in.resolve("a.tif").toString()));
		Path out = tmp.resolve("out");
		BatchPlugin.Settings s = BatchPlugin.fromOptions("input=[" + in + "] output=[" + out + "] technique=otsu format=png");
		assertEquals("png", s.format());
		FolderBatch b = new FolderBatch(SegmentIJ.segmentation(), BatchPlugin.pipeline(s), in, out).format(s.format());
		FolderBatch.Summary sum = BatchPlugin.run(b);
		assertEquals(1, sum.count(FolderBatch.OK), sum.line());
		assertTrue(Files.isRegularFile(out.resolve("a.png")), "a.png written");
		assertFalse(Files.exists(out.resolve("a.tif")));
		ImagePlus mask = IJ.openImage(out.resolve("a.png").toString());
		// oracle: the 6x5 bright rectangle is the object, everything else background
		int fg = 0;
		for (int i = 0; i < 200; i++)
			if (mask.getProcessor().get(i) != 0)
				fg++;
		assertEquals(30, fg);
		// default: auto
		assertEquals("auto", BatchPlugin.fromOptions("input=a output=b technique=otsu").format());
		UsageException e = assertThrows(UsageException.class,
				() -> new FolderBatch(SegmentIJ.segmentation(), BatchPlugin.pipeline(BatchPlugin.fromOptions("input=a output=b technique=otsu format=jpg")),
						in, out).format("jpg"));
		assertTrue(e.getMessage().contains("auto, tif, nii, nii.gz or png"), e.getMessage());
		UsageException u = assertThrows(UsageException.class, () -> BatchPlugin.fromOptions("input=a output=b formt=png"));
		assertTrue(u.getMessage().contains("unknown option 'formt'") && u.getMessage().contains("format"), u.getMessage());
	}
}
