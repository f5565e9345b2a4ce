package org.segmentij.service;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import ij.gui.Roi;
import ij.io.RoiEncoder;

/**
 * ROIs a technique gives as a result: added to the ROI Manager in ImageJ, written as a ROI set
 * ({@code .zip}, the ROI Manager's format) on the command line
 * ({@code segmentij run ID -i IN -o rois.zip}).
 *
 * @param title a name for the set, e.g. {@code "cells-rois"}
 * @param rois  the ROIs, in order
 */
public record RoiSet(String title, List<Roi> rois) {

	public RoiSet {
		rois = List.copyOf(rois);
	}

	/**
	 * The ROIs as a ROI Manager zip: one {@code NAME.roi} entry per ROI, written by ImageJ's
	 * {@link RoiEncoder}; names are the ROIs' names (made unique with "-2", "-3", ...), or
	 * "roi-N" for unnamed ROIs.
	 */
	public byte[] zip() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			DataOutputStream out = new DataOutputStream(zip);
			Set<String> used = new HashSet<>();
			int i = 0;
			for (Roi roi : rois) {
				i++;
				String name = roi.getName() == null || roi.getName().isBlank() ? "roi-" + i : roi.getName();
				String unique = name;
				for (int k = 2; !used.add(unique); k++)
					unique = name + "-" + k;
				zip.putNextEntry(new ZipEntry(unique + ".roi"));
				new RoiEncoder(out).write(roi);
				out.flush();
				zip.closeEntry();
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return bytes.toByteArray();
	}
}
