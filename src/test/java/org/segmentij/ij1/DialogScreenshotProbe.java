package org.segmentij.ij1;

import java.awt.Button;
import java.awt.EventQueue;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import ij.Executer;
import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;

/**
 * Run by {@link DialogScreenshotIT} in a plain ImageJ 1 under Xvfb (not a test itself): opens the
 * dialog of each menu command given, as a click on the menu item does (on a command thread, so the
 * modal dialog blocks only that thread), captures it from the (virtual) screen with {@link Robot},
 * writes it as PNG, then cancels the dialog.
 * Arguments: ImageJ home, input image, output folder, then menu labels ("Otsu Threshold" ...).
 * Writes {@code <name>.png} per label, and
 * {@code screenshots.txt} with one "OK label WxH" or "FAIL label reason" line each.
 */
public final class DialogScreenshotProbe {

	public static void main(String[] args) throws Exception {
		Path home = Path.of(args[0]), input = Path.of(args[1]), out = Path.of(args[2]);
		System.setProperty("plugins.dir", home.toString());
		new ImageJ(ImageJ.NO_SHOW);
		ImagePlus imp = IJ.openImage(input.toString());
		imp.show();
		List<String> report = new ArrayList<>();
		for (int i = 3; i < args.length; i++) {
			String label = args[i];
			try {
				report.add(capture(label, imp, out));
			}
			catch (Throwable e) {
				report.add("FAIL " + label + " " + e);
				e.printStackTrace();
			}
		}
		Files.write(out.resolve("screenshots.txt"), report);
		System.exit(0);
	}

	static String fileName(String label) {
		return label.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-+$", "").toLowerCase(java.util.Locale.ROOT);
	}

	private static String capture(String label, ImagePlus imp, Path out) throws Exception {
		Thread command = new Thread(() -> new Executer(label).run(), label);
		ij.WindowManager.setTempCurrentImage(command, imp);
		command.start();
		String title = label.endsWith("...") ? label.substring(0, label.length() - 3) : label;
		GenericDialog gd = null;
		for (int i = 0; i < 600 && command.isAlive() && gd == null; i++) {
			for (Window w : Window.getWindows())
				if (w instanceof GenericDialog d && d.isVisible() && title.equals(d.getTitle()))
					gd = d;
			if (gd == null)
				Thread.sleep(50);
		}
		if (gd == null)
			return "FAIL " + label + " no dialog appeared";
		GenericDialog dialog = gd;
		// let the window manager-less X server map and paint it
		Thread.sleep(1500);
		EventQueue.invokeAndWait(() -> {
			dialog.toFront();
			dialog.repaint();
		});
		Thread.sleep(500);
		Rectangle bounds = dialog.getBounds();
		bounds.setLocation(dialog.getLocationOnScreen());
		BufferedImage screen = new Robot().createScreenCapture(bounds);
		ImageIO.write(screen, "png", out.resolve(fileName(label) + ".png").toFile());
		String preview = previewCheck(label, dialog, imp);
		// Cancel: the command ends without running
		Button[] buttons = dialog.getButtons();
		EventQueue.invokeAndWait(() -> dialog.actionPerformed(new ActionEvent(buttons[1], ActionEvent.ACTION_PERFORMED, "Cancel")));
		command.join(20_000);
		if (command.isAlive())
			return "FAIL " + label + " the command did not end after Cancel";
		if (preview != null && ij.WindowManager.getImage("Preview of " + title) != null)
			return "FAIL " + label + " the preview window stayed open after Cancel";
		return "OK " + label + " " + bounds.width + "x" + bounds.height + (preview == null ? "" : " " + preview);
	}

	/**
	 * Where the dialog has "Preview (current slice)": ticks it, waits for the "Preview of ..."
	 * window, and compares its pixels with the technique run directly on the image (defaults).
	 * Returns "preview=same" or "preview=DIFFERENT n", or null when there is no preview checkbox.
	 */
	private static String previewCheck(String label, GenericDialog dialog, ImagePlus imp) throws Exception {
		java.awt.Checkbox box = null;
		if (dialog.getCheckboxes() != null)
			for (Object o : dialog.getCheckboxes())
				if (o instanceof java.awt.Checkbox c && c.getLabel().startsWith("Preview"))
					box = c;
		if (box == null)
			return null;
		java.awt.Checkbox b = box;
		EventQueue.invokeAndWait(() -> {
			b.setState(true);
			dialog.itemStateChanged(new java.awt.event.ItemEvent(b, java.awt.event.ItemEvent.ITEM_STATE_CHANGED, b, java.awt.event.ItemEvent.SELECTED));
		});
		String title = label.endsWith("...") ? label.substring(0, label.length() - 3) : label;
		ImagePlus shown = null;
		for (int i = 0; i < 200 && shown == null; i++) {
			shown = ij.WindowManager.getImage("Preview of " + title);
			if (shown == null)
				Thread.sleep(50);
		}
		if (shown == null)
			return "preview=MISSING";
		org.segmentij.service.SegmentationService service = org.segmentij.service.SegmentIJ.segmentation();
		ImagePlus direct = service.run(service.technique(label).id(), imp, java.util.Map.of()).image();
		int differ = 0;
		for (int i = 0; i < imp.getWidth() * imp.getHeight(); i++)
			if (shown.getProcessor().getf(i) != direct.getProcessor().getf(i))
				differ++;
		return differ == 0 ? "preview=same" : "preview=DIFFERENT " + differ;
	}
}
