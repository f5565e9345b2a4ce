package org.segmentij.ij1;

import java.awt.BorderLayout;
import java.awt.Button;
import java.awt.Color;
import java.awt.Frame;
import java.awt.GraphicsEnvironment;
import java.awt.Label;
import java.awt.Panel;
import java.awt.Rectangle;
import java.awt.event.ActionEvent;
import java.awt.event.ActionListener;
import java.awt.event.KeyEvent;
import java.awt.event.KeyListener;
import java.awt.event.MouseEvent;
import java.awt.event.MouseListener;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.segmentij.SegmentIJException;
import org.segmentij.UsageException;
import org.segmentij.deep.prompt.MaskRegion;
import org.segmentij.deep.prompt.PromptSegmentation.Click;
import org.segmentij.deep.prompt.PromptSession;
import org.segmentij.deep.prompt.PromptableModel;
import org.segmentij.deep.prompt.PromptableModels;
import org.segmentij.image.Axis;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;
import org.segmentij.image.LabelImages;
import org.segmentij.service.ModelService;
import org.segmentij.service.SegmentIJ;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.ImageCanvas;
import ij.gui.ImageWindow;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.Toolbar;
import ij.plugin.PlugIn;
import ij.plugin.filter.ThresholdToSelection;
import ij.plugin.frame.RoiManager;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * Plugins › Segmentation › Deep Learning › Interactive Prompt Segmentation...: click an object
 * and get it. The image is encoded once when the command starts; then, on the image window:
 * <ul>
 * <li>a click (point or multi-point tool) adds a positive click to the current object, with
 * Shift or Alt a negative one; each click refines the object (its previous mask goes back to the
 * model);</li>
 * <li>a rectangle (or oval) drawn with the selection tools is the object's box;</li>
 * <li>Enter (or A) accepts the object into the ROI Manager and starts the next one; Backspace (or
 * Z) takes back the last prompt; Esc drops the current object;</li>
 * <li>Done (in the small control window) shows the accepted objects as a label image and ends
 * the session; closing the image ends it too.</li>
 * </ul>
 * Nothing blocks: the command returns once the listeners are attached, predictions run on a
 * worker thread and the overlay shows the result (current object cyan, accepted ones yellow,
 * positive clicks green, negative red). While the session runs, the image window's keys go to the
 * session first (others still reach ImageJ).
 */
public class PromptPlugin implements PlugIn {

	static final String TITLE = "Interactive Prompt Segmentation";
	private static final Map<ImagePlus, Interactive> SESSIONS = new ConcurrentHashMap<>();

	/** The running session on an image, or null (for tests and macros). */
	public static Interactive session(ImagePlus imp) {
		return SESSIONS.get(imp);
	}

	@Override
	public void run(String arg) {
		TechniquePlugin.withPluginClassLoader(this::start);
	}

	private void start() {
		String options = Macro.getOptions();
		try {
			ImagePlus imp = WindowManager.getCurrentImage();
			if (imp == null)
				throw new UsageException("There is no image open. Open a 2D image and run " + TITLE + " again.");
			if (imp.getStackSize() > 1)
				throw new UsageException(TITLE + " works on 2D images; '" + imp.getTitle() + "' has " + imp.getStackSize()
						+ " planes. Duplicate one plane first (Image > Duplicate...).");
			if (GraphicsEnvironment.isHeadless() || imp.getWindow() == null)
				throw new UsageException(TITLE + " needs the image shown in a window (it listens to clicks); for scripts use"
						+ " Promptable Segmentation with point ROIs.");
			Interactive old = SESSIONS.get(imp);
			if (old != null)
				old.detach();
			List<String> found = PromptableModels.available();
			GenericDialog gd = new GenericDialog(TITLE);
			gd.addMessage("Click objects (Shift/Alt-click: negative), or draw a box. Enter: accept, Backspace: undo, Esc: clear.\n"
					+ (found.isEmpty() ? "No promptable models in models/, ~/.segmentij/models or Fiji's models/: give a model folder."
							: "Promptable models found: " + String.join(", ", found)));
			gd.addDirectoryField("Model", found.contains("nuclei-prompt") ? "nuclei-prompt" : found.isEmpty() ? "" : found.get(0));
			gd.addChoice("Device", new String[] { "auto", "cpu", "gpu" }, "auto");
			gd.addNumericField("Threshold", 0.5, 2);
			gd.showDialog();
			if (gd.wasCanceled())
				return;
			String model = gd.getNextString().trim();
			String device = gd.getNextChoice();
			double threshold = gd.getNextNumber();
			if (!(threshold > 0 && threshold < 1))
				throw new UsageException("Threshold must be in (0, 1) (got " + threshold + ").");
			IJ.showStatus(TITLE + ": loading " + model + " and encoding the image...");
			ModelService service = SegmentIJ.models();
			PromptableModel m = service.promptable(model, service.device(device));
			PromptSession session;
			try {
				session = new PromptSession(m, plane(imp), threshold);
			}
			catch (RuntimeException e) {
				m.close();
				throw e;
			}
			Interactive ui = new Interactive(imp, session);
			SESSIONS.put(imp, ui);
			ui.attach();
			IJ.showStatus(TITLE + ": click an object (Shift/Alt: negative), Enter accepts, Backspace undoes");
		}
		catch (SegmentIJException e) {
			TechniquePlugin.fail(TITLE, e.getMessage(), options);
		}
		catch (RuntimeException | LinkageError e) {
			IJ.log(TITLE + ": internal error\n" + TechniquePlugin.stackTrace(e));
			TechniquePlugin.fail(TITLE, "Internal error: " + e + "\nDetails are in the Log window; please report them.", options);
		}
	}

	@SuppressWarnings("unchecked")
	private static RandomAccessibleInterval<? extends RealType<?>> plane(ImagePlus imp) {
		AxisImage<?> a;
		if (imp.getType() == ImagePlus.COLOR_RGB)
			a = org.segmentij.image.RgbImages.luminance((AxisImage<net.imglib2.type.numeric.ARGBType>) (AxisImage<?>) ImagePlusAdapter.wrap(imp));
		else
			a = ImagePlusAdapter.wrapReal(imp);
		RandomAccessibleInterval<? extends RealType<?>> d = (RandomAccessibleInterval<? extends RealType<?>>) a.data();
		while (d.numDimensions() > 2)
			d = net.imglib2.view.Views.hyperSlice(d, d.numDimensions() - 1, d.min(d.numDimensions() - 1));
		return d;
	}

	/** The outline of {@code m > threshold} as a ROI (composite for pieces and holes), or null when empty. */
	static Roi outline(MaskRegion m, double threshold) {
		if (m == null || m.w() == 0 || m.h() == 0)
			return null;
		ByteProcessor bp = new ByteProcessor(m.w(), m.h());
		byte[] px = (byte[]) bp.getPixels();
		boolean any = false;
		for (int i = 0; i < px.length; i++)
			if (m.prob()[i] > threshold) {
				px[i] = (byte) 255;
				any = true;
			}
		if (!any)
			return null;
		bp.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
		Roi r = new ThresholdToSelection().convert(bp);
		if (r == null)
			return null;
		Rectangle b = r.getBounds();
		r.setLocation(b.x + m.x(), b.y + m.y());
		return r;
	}

	/** One session's user interface: listeners on the image window, a control window, a worker thread. */
	public static final class Interactive implements MouseListener, KeyListener, ActionListener {
		private final ImagePlus imp;
		private final PromptSession session;
		private final Overlay original;
		private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
			Thread t = new Thread(r, "SegmentIJ prompt worker");
			t.setDaemon(true);
			return t;
		});
		private final AtomicInteger pending = new AtomicInteger();
		private ImageCanvas canvas;
		private ImageWindow window;
		private KeyListener[] canvasKeys = new KeyListener[0], windowKeys = new KeyListener[0];
		private Frame controls;
		private Label status;
		private WindowAdapter closer;
		private int pressX, pressY;
		private volatile boolean detached;

		Interactive(ImagePlus imp, PromptSession session) {
			this.imp = imp;
			this.session = session;
			this.original = imp.getOverlay();
		}

		public PromptSession session() {
			return session;
		}

		void attach() {
			window = imp.getWindow();
			canvas = imp.getCanvas();
			canvas.addMouseListener(this);
			// our keys first: ImageJ's own key listener (shortcuts such as Backspace = Clear) gets the rest from us
			canvasKeys = canvas.getKeyListeners();
			for (KeyListener k : canvasKeys)
				canvas.removeKeyListener(k);
			canvas.addKeyListener(this);
			windowKeys = window.getKeyListeners();
			for (KeyListener k : windowKeys)
				window.removeKeyListener(k);
			window.addKeyListener(this);
			closer = new WindowAdapter() {
				@Override
				public void windowClosed(WindowEvent e) {
					detach();
				}
			};
			window.addWindowListener(closer);
			java.awt.EventQueue.invokeLater(this::showControls);
		}

		private void showControls() {
			if (detached)
				return;
			controls = new Frame(TITLE + ": " + imp.getTitle());
			Panel buttons = new Panel();
			for (String s : new String[] { "Accept", "Undo", "Clear", "Done" }) {
				Button b = new Button(s);
				b.addActionListener(this);
				buttons.add(b);
			}
			status = new Label("Click an object; Shift/Alt-click: negative; Enter: accept; Backspace: undo");
			controls.setLayout(new BorderLayout());
			controls.add(buttons, BorderLayout.CENTER);
			controls.add(status, BorderLayout.SOUTH);
			controls.addWindowListener(new WindowAdapter() {
				@Override
				public void windowClosing(WindowEvent e) {
					detach();
				}
			});
			controls.pack();
			java.awt.Point p = window.getLocation();
			controls.setLocation(p.x, Math.max(0, p.y - controls.getHeight()));
			controls.setVisible(true);
		}

		/** Runs an action on the worker thread, then redraws. */
		private void submit(Runnable action) {
			if (detached)
				return;
			pending.incrementAndGet();
			worker.execute(() -> {
				try {
					action.run();
					redraw();
				}
				catch (SegmentIJException e) {
					IJ.showStatus(TITLE + ": " + e.getMessage());
					IJ.log(TITLE + ": " + e.getMessage());
				}
				catch (RuntimeException | LinkageError e) {
					IJ.log(TITLE + ": internal error\n" + TechniquePlugin.stackTrace(e));
				}
				finally {
					pending.decrementAndGet();
				}
			});
		}

		/** Waits until every submitted action has run; false on time-out. */
		public boolean awaitIdle(long timeoutMillis) throws InterruptedException {
			long end = System.currentTimeMillis() + timeoutMillis;
			while (pending.get() > 0) {
				if (System.currentTimeMillis() > end)
					return false;
				Thread.sleep(20);
			}
			return true;
		}

		public void click(double x, double y, boolean positive) {
			submit(() -> {
				long t0 = System.nanoTime();
				session.click(x, y, positive);
				say(String.format(java.util.Locale.ROOT, "%s click at (%.0f, %.0f): %d pixels, %d ms", positive ? "positive" : "negative", x, y,
						session.current().mask().area(session.threshold()), (System.nanoTime() - t0) / 1_000_000));
			});
		}

		public void box(Rectangle r) {
			submit(() -> {
				session.box(r.x, r.y, r.x + r.width - 1, r.y + r.height - 1);
				say("box " + r.width + "x" + r.height + ": " + session.current().mask().area(session.threshold()) + " pixels");
			});
		}

		public void accept() {
			submit(() -> {
				PromptSession.Accepted a = session.accept();
				if (a == null) {
					say("nothing to accept: click an object first");
					return;
				}
				Roi r = outline(a.mask(), session.threshold());
				r.setName(a.name());
				java.awt.EventQueue.invokeLater(() -> LabelRois.addToRoiManager(List.of(r)));
				say(a.name() + " accepted (" + session.accepted().size() + " objects); click the next one");
			});
		}

		public void undo() {
			submit(() -> say(session.undo() == null ? "no prompt left on the current object" : "last prompt taken back"));
		}

		public void clear() {
			submit(() -> {
				session.clear();
				say("current object dropped");
			});
		}

		/** Shows the accepted objects as a label image and ends the session. */
		public void done() {
			submit(() -> {
				AxisImage<net.imglib2.type.numeric.integer.IntType> lab = AxisImage.of(titleOf(imp) + "-prompt-labels", session.labels(), Axis.X,
						Axis.Y);
				ImagePlus out = LabelImages.toImagePlus(lab);
				out.setCalibration(imp.getCalibration().copy());
				java.awt.EventQueue.invokeLater(out::show);
				say(session.accepted().size() + " objects");
			});
			submit(this::detach);
		}

		private static String titleOf(ImagePlus imp) {
			String t = imp.getTitle();
			return t.matches("(?s).+\\.[A-Za-z][A-Za-z0-9]{1,4}") ? t.substring(0, t.lastIndexOf('.')) : t;
		}

		private void say(String s) {
			IJ.showStatus(TITLE + ": " + s);
			Label l = status;
			if (l != null)
				java.awt.EventQueue.invokeLater(() -> l.setText(s));
		}

		private void redraw() {
			if (detached)
				return;
			Overlay ov = original == null ? new Overlay() : original.duplicate();
			double thr = session.threshold();
			for (PromptSession.Accepted a : session.accepted()) {
				Roi r = outline(a.mask(), thr);
				if (r != null) {
					r.setStrokeColor(Color.YELLOW);
					ov.add(r);
				}
			}
			PromptSession.Step cur = session.current();
			if (cur != null) {
				Roi r = outline(cur.mask(), thr);
				if (r != null) {
					r.setStrokeColor(Color.CYAN);
					r.setStrokeWidth(1.5);
					ov.add(r);
				}
				double[] b = cur.prompt().box();
				if (b != null) {
					Roi br = new Roi(b[0], b[1], b[2] - b[0] + 1, b[3] - b[1] + 1);
					br.setStrokeColor(Color.MAGENTA);
					ov.add(br);
				}
				for (Click c : cur.prompt().clicks()) {
					Roi p = new OvalRoi(c.x() - 2, c.y() - 2, 5, 5);
					p.setStrokeColor(c.positive() ? Color.GREEN : Color.RED);
					p.setFillColor(c.positive() ? Color.GREEN : Color.RED);
					ov.add(p);
				}
			}
			imp.setOverlay(ov);
		}

		/** Ends the session: listeners removed, ImageJ's keys back, overlay restored, model released. */
		public synchronized void detach() {
			if (detached)
				return;
			detached = true;
			SESSIONS.remove(imp, this);
			if (canvas != null) {
				canvas.removeMouseListener(this);
				canvas.removeKeyListener(this);
				for (KeyListener k : canvasKeys)
					canvas.addKeyListener(k);
			}
			if (window != null) {
				window.removeKeyListener(this);
				for (KeyListener k : windowKeys)
					window.addKeyListener(k);
				window.removeWindowListener(closer);
			}
			Frame f = controls;
			if (f != null)
				java.awt.EventQueue.invokeLater(f::dispose);
			imp.setOverlay(original);
			worker.shutdown();
			session.model().close();
		}

		public boolean isDetached() {
			return detached;
		}

		/** Shuts the worker down after the pending actions (tests). */
		boolean awaitTermination(long millis) throws InterruptedException {
			return worker.awaitTermination(millis, TimeUnit.MILLISECONDS);
		}

		@Override
		public void mousePressed(MouseEvent e) {
			pressX = e.getX();
			pressY = e.getY();
		}

		@Override
		public void mouseReleased(MouseEvent e) {
			int tool = Toolbar.getToolId();
			Roi roi = imp.getRoi();
			if ((tool == Toolbar.RECTANGLE || tool == Toolbar.OVAL) && roi != null && roi.isArea()) {
				Rectangle r = roi.getBounds();
				if (r.width > 2 && r.height > 2) {
					imp.deleteRoi();
					box(r);
				}
				return;
			}
			if (tool != Toolbar.POINT)
				return; // the hand, zoom and other tools keep their meaning
			if (Math.abs(e.getX() - pressX) > 4 || Math.abs(e.getY() - pressY) > 4)
				return; // a drag, not a click
			double x = canvas.offScreenX(e.getX()), y = canvas.offScreenY(e.getY());
			if (x < 0 || y < 0 || x >= imp.getWidth() || y >= imp.getHeight())
				return;
			boolean negative = e.isShiftDown() || e.isAltDown();
			java.awt.EventQueue.invokeLater(imp::deleteRoi); // the point ImageJ's tool made
			click(x, y, !negative);
		}

		@Override
		public void mouseClicked(MouseEvent e) {
		}

		@Override
		public void mouseEntered(MouseEvent e) {
		}

		@Override
		public void mouseExited(MouseEvent e) {
		}

		@Override
		public void keyPressed(KeyEvent e) {
			int k = e.getKeyCode();
			boolean plain = !e.isControlDown() && !e.isMetaDown();
			if (plain && (k == KeyEvent.VK_ENTER || k == KeyEvent.VK_A))
				accept();
			else if (plain && (k == KeyEvent.VK_BACK_SPACE || k == KeyEvent.VK_Z || k == KeyEvent.VK_DELETE))
				undo();
			else if (plain && k == KeyEvent.VK_ESCAPE)
				clear();
			else {
				for (KeyListener l : e.getSource() == canvas ? canvasKeys : windowKeys)
					l.keyPressed(e);
				return;
			}
			e.consume();
		}

		@Override
		public void keyReleased(KeyEvent e) {
			for (KeyListener l : e.getSource() == canvas ? canvasKeys : windowKeys)
				l.keyReleased(e);
		}

		@Override
		public void keyTyped(KeyEvent e) {
			for (KeyListener l : e.getSource() == canvas ? canvasKeys : windowKeys)
				l.keyTyped(e);
		}

		@Override
		public void actionPerformed(ActionEvent e) {
			switch (e.getActionCommand()) {
			case "Accept" -> accept();
			case "Undo" -> undo();
			case "Clear" -> clear();
			case "Done" -> done();
			default -> {
			}
			}
		}
	}
}
