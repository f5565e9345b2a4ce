package org.segmentij.ij1;

import java.awt.Point;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.segmentij.UsageException;
import org.segmentij.deep.prompt.PromptSegmentation.Click;
import org.segmentij.deep.prompt.PromptSegmentation.ObjectPrompt;

import ij.gui.PointRoi;
import ij.gui.Roi;

/**
 * ImageJ ROIs as prompts for promptable segmentation, one object per ROI:
 * <ul>
 * <li>a point or multi-point ROI: every point is one object (a positive click at that pixel);</li>
 * <li>an area ROI (rectangle, oval, polygon, ...): a box prompt, its bounding rectangle;</li>
 * <li>ROIs that share a ROI Manager group (Properties... or the group of the multi-point
 * tool, group &gt; 0) are one object together: their points are its clicks, in order (points
 * of counter 0 positive, of counter 1 or more negative), their area ROIs its box (the bounding
 * rectangle of all of them).</li>
 * </ul>
 * Line ROIs are refused. Objects come in the order of their first ROI.
 */
public final class PromptRois {

	private PromptRois() {
	}

	/** The objects the ROIs prompt. */
	public static List<ObjectPrompt> objects(List<Roi> rois) {
		if (rois == null || rois.isEmpty())
			throw new UsageException("No prompts: give point or rectangle ROIs (the selection, the ROI Manager, or --rois prompts.zip).");
		Map<String, Group> groups = new LinkedHashMap<>();
		int index = 0;
		for (Roi r : rois) {
			index++;
			String name = r.getName() == null || r.getName().isBlank() ? "roi-" + index : r.getName();
			if (r.isLine())
				throw new UsageException("ROI '" + name + "' is a line; prompts are points (clicks) and rectangles or other areas (boxes).");
			int group = r.getGroup();
			if (group > 0) {
				groups.computeIfAbsent("group " + group, k -> new Group("group-" + group)).add(r);
				continue;
			}
			if (r instanceof PointRoi pr) {
				Point[] pts = pr.getContainedPoints();
				for (int i = 0; i < pts.length; i++) {
					Group g = new Group(pts.length == 1 ? name : name + "-" + (i + 1));
					g.clicks.add(new Click(pts[i].x, pts[i].y, true));
					groups.put(name + "#" + i + "#" + index, g);
				}
			}
			else {
				Group g = new Group(name);
				g.add(r);
				groups.put(name + "#" + index, g);
			}
		}
		List<ObjectPrompt> out = new ArrayList<>();
		for (Group g : groups.values())
			out.add(new ObjectPrompt(g.name, g.clicks, g.box()));
		return out;
	}

	private static final class Group {
		final String name;
		final List<Click> clicks = new ArrayList<>();
		Rectangle box;

		Group(String name) {
			this.name = name;
		}

		void add(Roi r) {
			if (r instanceof PointRoi pr) {
				Point[] pts = pr.getContainedPoints();
				for (int i = 0; i < pts.length; i++)
					clicks.add(new Click(pts[i].x, pts[i].y, pr.getCounter(i) == 0));
			}
			else {
				Rectangle b = r.getBounds();
				box = box == null ? b : box.union(b);
			}
		}

		double[] box() {
			return box == null || box.width < 1 || box.height < 1 ? null
					: new double[] { box.x, box.y, box.x + box.width - 1, box.y + box.height - 1 };
		}
	}
}
