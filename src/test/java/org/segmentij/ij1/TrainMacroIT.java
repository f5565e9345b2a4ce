package org.segmentij.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;

/**
 * Train Network... from a macro in plain ImageJ 1 under Xvfb: ROIs drawn on the image are the
 * ground truth, the model package lands in the models folder, Apply Deep Model uses it.
 */
class TrainMacroIT {

	@TempDir
	Path tmp;

	@Test
	void trainOnRoisThenApplyTheModel() throws Exception {
		Path models = tmp.resolve("my models"), labels = tmp.resolve("labels.tif");
		String macro = String.join("\n",
				"newImage(\"cells\", \"16-bit black\", 96, 96, 1);",
				"id = getImageID();",
				"setColor(3000);",
				"xs = newArray(10, 50, 20, 60); ys = newArray(12, 8, 55, 60);",
				"for (i = 0; i < 4; i++) { makeOval(xs[i], ys[i], 22, 20); fill(); roiManager(\"Add\"); }",
				"run(\"Select None\");",
				"run(\"Add Specified Noise...\", \"standard=50\");",
				"run(\"Train Network...\", \"training=[current image + ROI Manager] architecture=unet depth=2 base=8 target=binary"
						+ " loss=dice+ce epochs=2 batch=2 crop=64 learning=0.01 validation=0 patience=0 device=cpu model=roi-unet"
						+ " models=[" + models + "] seed=3\");",
				"selectImage(id);",
				"run(\"Apply Deep Model\", \"model=[" + models.resolve("roi-unet") + "] device=cpu tile=0 halo=-1 batch=2 result=labels\");",
				"print(\"applied=\" + getTitle());",
				"saveAs(\"Tiff\", \"" + labels + "\");",
				"");
		ImageJ1Process ij = new ImageJ1Process(tmp);
		Path macroFile = tmp.resolve("train.ijm");
		java.nio.file.Files.writeString(macroFile, macro, java.nio.charset.StandardCharsets.ISO_8859_1);
		ImageJ1Process.Result r = ij.macro(macroFile, null, 240);
		r.assertOk();
		String out = r.output();
		assertTrue(Files.isRegularFile(models.resolve("roi-unet").resolve("model.json")), out);
		assertTrue(Files.isRegularFile(models.resolve("roi-unet").resolve("training.png")), out);
		assertTrue(out.contains("applied=cells-roi-unet-labels"), out);
		ImagePlus l = IJ.openImage(labels.toString());
		assertNotNull(l, out);
		assertEquals(96, l.getWidth());
		assertTrue(l.getStatistics().max <= 1, "binary model: labels 0 and 1");
	}
}
