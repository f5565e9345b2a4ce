package org.segmentij.ij1;

import java.awt.Button;
import java.awt.Component;
import java.awt.Container;
import java.awt.EventQueue;
import java.awt.Frame;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.awt.event.MouseEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.segmentij.deep.prompt.PromptEvaluation;
import org.segmentij.image.Axis;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;
import org.segmentij.image.SyntheticNuclei;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.ImageCanvas;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;

/**
 * Run by {@link PromptPluginIT} in a plain ImageJ 1 under Xvfb (not a test itself): opens a
 * generated nuclei image, starts Interactive Prompt Segmentation from its menu command, and drives
 * it as a user does, with mouse and key events on the image canvas and the Done button: a click,
 * a Shift-click (negative) taken back with Backspace, Enter to accept, a box drawn with the
 * rectangle tool, a third click, Done. Writes what it saw to {@code prompt.txt}, one
 * {@code key=value} line per check. Arguments: ImageJ home, output folder, model folder.
 */
public final class PromptPluginProbe {

	public static void main(String[] args) throws Exception {
		Path home = Path.of(args[0]), out = Path.of(args[1]);
		String model = args[2];
		System.setProperty("plugins.dir", home.toString());
		new ImageJ(ImageJ.NO_SHOW);
		List<String> lines = new ArrayList<>();
		try {
			run(model, lines);
		}
		catch (Throwable e) {
			lines.add("error=" + e);
			e.printStackTrace();
		}
		Files.write(out.resolve("prompt.txt"), lines);
		System.exit(0);
	}

	private static void run(String model, List<String> lines) throws Exception {
		SyntheticNuclei.Sample s = SyntheticNuclei.generate(
				SyntheticNuclei.Params.defaults2D(160, 128, 6, 11).withRadius(10, 15).withTouchingFraction(0).withRimDrop(0.1));
		ImagePlus imp = ImagePlusAdapter.toImagePlus(AxisImage.of("cells", s.image(), Axis.X, Axis.Y));
		int[] lab = new int[160 * 128];
		var c = s.labels().cursor();
		for (int i = 0; c.hasNext(); i++)
			lab[i] = c.next().get();
		PromptEvaluation.Truth truth = PromptEvaluation.Truth.of(lab, 160, 128);
		int[] present = truth.present();
		lines.add("nuclei=" + present.length);
		imp.show();
		for (int i = 0; i < 100 && (imp.getWindow() == null || !imp.getCanvas().isShowing()); i++)
			Thread.sleep(50);
		IJ.setTool("point");
		IJ.run(imp, "Interactive Prompt Segmentation...", "model=[" + model + "] device=cpu threshold=0.5");
		PromptPlugin.Interactive ui = PromptPlugin.session(imp);
		lines.add("session=" + (ui != null));
		ImageCanvas canvas = imp.getCanvas();

		// object 1: a click at the centre of the first nucleus
		int a = present[0], b = present[1], d = present[2];
		click(canvas, truth.centre()[a][0], truth.centre()[a][1], 0);
		ui.awaitIdle(120_000);
		float[] first = ui.session().current().mask().prob().clone();
		lines.add(String.format(Locale.ROOT, "click1_iou=%.4f", truth.iou(ui.session().current().mask(), a, 0.5)));
		lines.add("overlay=" + (imp.getOverlay() != null && imp.getOverlay().size() >= 2));
		// a negative (Shift) click on another nucleus, taken back with Backspace
		click(canvas, truth.centre()[b][0], truth.centre()[b][1], InputEvent.SHIFT_DOWN_MASK);
		ui.awaitIdle(120_000);
		lines.add("negative_depth=" + ui.session().depth() + " negatives=" + ui.session().current().prompt().clicks().stream().filter(k -> !k.positive()).count());
		key(canvas, KeyEvent.VK_BACK_SPACE);
		ui.awaitIdle(120_000);
		lines.add("undo_depth=" + ui.session().depth() + " same=" + java.util.Arrays.equals(first, ui.session().current().mask().prob()));
		key(canvas, KeyEvent.VK_ENTER);
		ui.awaitIdle(120_000);
		waitFor(() -> RoiManager.getInstance() != null && RoiManager.getInstance().getCount() == 1);
		lines.add("accepted=" + ui.session().accepted().size() + " manager=" + (RoiManager.getInstance() == null ? 0 : RoiManager.getInstance().getCount()));

		// object 2: a box drawn with the rectangle tool
		IJ.setTool("rectangle");
		int[] box = truth.box()[b];
		imp.setRoi(new Roi(box[0] - 1, box[1] - 1, box[2] - box[0] + 3, box[3] - box[1] + 3));
		release(canvas, box[2] + 2, box[3] + 2);
		ui.awaitIdle(120_000);
		lines.add(String.format(Locale.ROOT, "box_iou=%.4f", truth.iou(ui.session().current().mask(), b, 0.5)));
		lines.add("selection_removed=" + (imp.getRoi() == null));
		key(canvas, KeyEvent.VK_ENTER);
		ui.awaitIdle(120_000);

		// object 3: a click, then Done
		IJ.setTool("point");
		click(canvas, truth.centre()[d][0], truth.centre()[d][1], 0);
		ui.awaitIdle(120_000);
		key(canvas, KeyEvent.VK_ENTER);
		ui.awaitIdle(120_000);
		Button done = findButton("Done");
		lines.add("done_button=" + (done != null));
		EventQueue.invokeAndWait(() -> ui.actionPerformed(new java.awt.event.ActionEvent(done == null ? canvas : done,
				java.awt.event.ActionEvent.ACTION_PERFORMED, "Done")));
		ui.awaitIdle(120_000);
		waitFor(() -> WindowManager.getImage("cells-prompt-labels") != null);
		ImagePlus labels = WindowManager.getImage("cells-prompt-labels");
		lines.add("labels_max=" + (labels == null ? -1 : (int) labels.getStatistics().max));
		lines.add("detached=" + ui.isDetached() + " session_gone=" + (PromptPlugin.session(imp) == null));
		waitFor(() -> RoiManager.getInstance() != null && RoiManager.getInstance().getCount() == 3);
		lines.add("manager_final=" + RoiManager.getInstance().getCount());
		// ImageJ's own keys are back on the canvas
		lines.add("imagej_keys_back=" + java.util.Arrays.asList(canvas.getKeyListeners()).contains(IJ.getInstance()));
	}

	private static void click(ImageCanvas canvas, double x, double y, int modifiers) throws Exception {
		int sx = canvas.screenXD(x + 0.5), sy = canvas.screenYD(y + 0.5);
		EventQueue.invokeAndWait(() -> {
			long now = System.currentTimeMillis();
			canvas.dispatchEvent(new MouseEvent(canvas, MouseEvent.MOUSE_PRESSED, now, modifiers | InputEvent.BUTTON1_DOWN_MASK, sx, sy, 1, false,
					MouseEvent.BUTTON1));
			canvas.dispatchEvent(new MouseEvent(canvas, MouseEvent.MOUSE_RELEASED, now + 5, modifiers, sx, sy, 1, false, MouseEvent.BUTTON1));
		});
	}

	/** The end of a drag with a selection tool: only the release matters (the selection is already there). */
	private static void release(ImageCanvas canvas, double x, double y) throws Exception {
		int sx = canvas.screenXD(x), sy = canvas.screenYD(y);
		EventQueue.invokeAndWait(() -> canvas.dispatchEvent(
				new MouseEvent(canvas, MouseEvent.MOUSE_RELEASED, System.currentTimeMillis(), 0, sx, sy, 1, false, MouseEvent.BUTTON1)));
	}

	private static void key(Component target, int code) throws Exception {
		EventQueue.invokeAndWait(() -> target.dispatchEvent(new KeyEvent(target, KeyEvent.KEY_PRESSED, System.currentTimeMillis(), 0, code,
				code == KeyEvent.VK_ENTER ? '\n' : KeyEvent.CHAR_UNDEFINED)));
	}

	private static Button findButton(String label) {
		for (Frame f : Frame.getFrames())
			if (f.isShowing() && f.getTitle().startsWith(PromptPlugin.TITLE)) {
				Button b = find(f, label);
				if (b != null)
					return b;
			}
		return null;
	}

	private static Button find(Container c, String label) {
		for (Component k : c.getComponents()) {
			if (k instanceof Button b && label.equals(b.getLabel()))
				return b;
			if (k instanceof Container cc) {
				Button b = find(cc, label);
				if (b != null)
					return b;
			}
		}
		return null;
	}

	private static void waitFor(java.util.function.BooleanSupplier cond) throws InterruptedException {
		for (int i = 0; i < 200 && !cond.getAsBoolean(); i++)
			Thread.sleep(50);
	}
}
