package org.segmentij.deep.nets;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.segmentij.deep.losses.Losses;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;

/** A few optimisation steps on a trivial task lower the loss; every architecture passes gradients to all its parameters. */
class TrainingSmokeTest {

	/** Batches of noisy images with one bright disk each; the label is the disk. */
	static NDArray[] batch(NDManager m, Random r, int n, int size) {
		float[] x = new float[n * size * size], y = new float[n * size * size];
		for (int b = 0; b < n; b++) {
			double cx = 8 + r.nextDouble() * (size - 16), cy = 8 + r.nextDouble() * (size - 16), rad = 3 + r.nextDouble() * 4;
			for (int j = 0; j < size; j++)
				for (int i = 0; i < size; i++) {
					boolean in = (i - cx) * (i - cx) + (j - cy) * (j - cy) <= rad * rad;
					int k = (b * size + j) * size + i;
					y[k] = in ? 1 : 0;
					x[k] = (float) ((in ? 1 : 0) + 0.3 * r.nextGaussian());
				}
		}
		return new NDArray[] { m.create(x, new Shape(n, 1, size, size)), m.create(y, new Shape(n, size, size)) };
	}

	static float step(Trainer trainer, NDArray[] xy) {
		try (GradientCollector gc = trainer.newGradientCollector()) {
			NDArray l = trainer.getLoss().evaluate(new NDList(xy[1]), trainer.forward(new NDList(xy[0])));
			gc.backward(l);
			float v = l.getFloat();
			trainer.step();
			return v;
		}
	}

	@Test
	void tinyUNetLearnsToFindADisk() {
		Engine.getEngine("PyTorch").setRandomSeed(7);
		try (Model model = Model.newInstance("smoke", "PyTorch")) {
			model.setBlock(Networks.create("unet", NetConfig.builder().depth(2).base(4).build()));
			DefaultTrainingConfig tc = new DefaultTrainingConfig(Losses.parse("dice+ce"))
					.optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build());
			try (Trainer trainer = model.newTrainer(tc)) {
				trainer.initialize(new Shape(4, 1, 32, 32));
				Random r = new Random(11);
				int steps = 15;
				float[] loss = new float[steps];
				for (int s = 0; s < steps; s++)
					try (NDManager sub = trainer.getManager().newSubManager()) {
						loss[s] = step(trainer, batch(sub, r, 4, 32));
					}
				double first = (loss[0] + loss[1] + loss[2]) / 3, last = (loss[steps - 1] + loss[steps - 2] + loss[steps - 3]) / 3;
				assertTrue(last < 0.75 * first, "loss did not fall: first steps " + first + ", last steps " + last + " " + java.util.Arrays.toString(loss));
			}
		}
	}

	@Test
	void everyArchitectureBackpropagatesToAllParameters() {
		NetConfig small = NetConfig.builder().depth(2).base(2).patchSize(4).embedDim(8).heads(2).layers(1).imageSize(32).atrousRates(1, 2).build();
		for (String arch : Networks.ARCHITECTURES) {
			try (Model model = Model.newInstance("grad", "PyTorch")) {
				SegmentationNetwork net = Networks.create(arch, small);
				model.setBlock(net);
				try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Losses.parse("ce")))) {
					Shape s = net.spatialDims() == 2 ? new Shape(2, 1, 32, 32) : new Shape(2, 1, 8, 8, 8);
					trainer.initialize(s);
					NDManager m = trainer.getManager();
					NDArray x = m.randomNormal(s);
					NDArray y = m.randomUniform(0, 2, new Shape(s.slice(0, 1).getShape()[0]).addAll(s.slice(2))).floor();
					try (GradientCollector gc = trainer.newGradientCollector()) {
						gc.backward(trainer.getLoss().evaluate(new NDList(y), trainer.forward(new NDList(x))));
					}
					for (Pair<String, Parameter> p : net.getParameters()) {
						Parameter.Type t = p.getValue().getType();
						if (t == Parameter.Type.RUNNING_MEAN || t == Parameter.Type.RUNNING_VAR)
							continue;
						NDArray g = p.getValue().getArray().getGradient();
						assertTrue(g.abs().sum().getFloat() > 0, arch + ": no gradient reaches " + p.getKey());
					}
				}
			}
		}
	}
}
