package org.segmentij.deep.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segmentij.InputException;
import org.segmentij.deep.infer.Normalization;
import org.segmentij.deep.nets.NetConfig;
import org.segmentij.deep.store.LoadedModel;
import org.segmentij.deep.store.ModelPackage;
import org.segmentij.deep.store.ModelStore;
import org.segmentij.deep.train.Augmentation;
import org.segmentij.deep.train.Sample;
import org.segmentij.deep.train.TargetMode;
import org.segmentij.deep.train.Trainer;
import org.segmentij.deep.train.TrainingData;
import org.segmentij.image.Axis;
import org.segmentij.image.AxisImage;
import org.segmentij.image.SyntheticNuclei;

import ai.djl.Device;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

/**
 * A promptable network trained by the project's one Trainer ({@code --target prompt}) for a few
 * steps: the package says what it is, loads as a {@link PromptableModel} and refuses to be
 * applied as a plain segmentation model.
 */
class PromptTrainingRunTest {

	@TempDir
	Path tmp;

	@Test
	void theTrainerWritesAPromptablePackage() {
		List<Sample> samples = TrainingData.synthetic(5, s -> SyntheticNuclei.Params.defaults2D(64, 64, 4, s).withRadius(6, 10), 1,
				TargetMode.PROMPT, Normalization.percentile(1, 99.8));
		NetConfig net = NetConfig.builder().inChannels(TargetMode.PROMPT.inputChannels(1)).classes(2).depth(2).base(4).build();
		Path out = tmp.resolve("tiny-prompt");
		Trainer.Config c = new Trainer.Config("tiny-prompt", "unet", net, TargetMode.PROMPT, null, "dice+ce", 2, 2, 32, 0.01, 0.2, 0, 3,
				Augmentation.standard(), Normalization.percentile(1, 99.8), out, false, Device.cpu(), 2);
		Trainer.Result r = Trainer.train(samples, c, null);
		ModelPackage pkg = r.model();
		assertEquals(ModelPackage.TASK_PROMPT, pkg.task);
		assertEquals(5, pkg.inputChannels);
		assertEquals(List.of("background", "object"), pkg.classes);
		assertEquals(32, pkg.prompt.get("window").getAsInt());
		assertEquals(8, r.model().training.get("validation_prompts").getAsInt()); // one validation image, 8 prompts
		assertTrue(Double.isFinite(r.history().get(1).valIoU()));
		// read back from disk, loaded as a promptable model
		ModelPackage again = ModelStore.read(out);
		assertEquals(ModelPackage.TASK_PROMPT, again.task);
		try (PromptableModel m = PromptableModels.open(out.toString(), Device.cpu())) {
			Img<FloatType> img = ArrayImgs.floats(70, 50);
			PromptableModel.Embedding e = m.encode(img);
			assertEquals(70, e.width());
			Img<FloatType> p = m.predict(e, Prompt.point(30, 20), null);
			assertEquals(70, p.dimension(0));
			assertEquals(50, p.dimension(1));
			for (FloatType t : p)
				assertTrue(t.get() >= 0 && t.get() <= 1);
			Img<FloatType> p2 = m.predict(e, Prompt.point(30, 20).plus(40, 25, false), p);
			assertEquals(70 * 50, p2.size());
		}
		// Apply Deep Model refuses it with a pointer to the prompt commands
		try (LoadedModel lm = LoadedModel.load(again, Device.cpu())) {
			InputException e = assertThrows(InputException.class,
					() -> lm.probabilities(AxisImage.of("x", ArrayImgs.floats(32, 32), Axis.X, Axis.Y), lm.tiling(0, -1, 1), "p"));
			assertTrue(e.getMessage().contains("promptable"), e.getMessage());
		}
		// a segmentation package is not promptable
		InputException e = assertThrows(InputException.class, () -> PromptableModels.open("nuclei-unet", Device.cpu()));
		assertTrue(e.getMessage().contains("not a promptable"), e.getMessage());
	}
}
