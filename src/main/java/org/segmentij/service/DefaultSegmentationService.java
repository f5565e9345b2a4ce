package org.segmentij.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;
import org.segmentij.UsageException;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.params.ParameterParser;

import ij.ImagePlus;

/** Default {@link SegmentationService}: techniques are the commands under SegmentIJ's menu root. */
@Plugin(type = Service.class)
public class DefaultSegmentationService extends AbstractService implements SegmentationService {

	@Parameter
	private CommandService commandService;

	@Parameter
	private ModuleService moduleService;

	private volatile List<Technique> techniques;

	@Override
	public List<Technique> techniques() {
		List<Technique> t = techniques;
		if (t == null) {
			synchronized (this) {
				if (techniques == null)
					techniques = discover();
				t = techniques;
			}
		}
		return t;
	}

	private List<Technique> discover() {
		List<Technique> list = new ArrayList<>();
		for (CommandInfo info : commandService.getCommands()) {
			if (!Techniques.MENU_ROOT.equals(info.getMenuRoot()) || info.getMenuPath() == null
					|| info.getMenuPath().isEmpty())
				continue;
			String menu = Techniques.menuString(info.getMenuPath());
			String[] parts = menu.split(">");
			// Plugins>Segmentation>GROUP>...>Label
			String group = parts.length >= 4 ? parts[2].trim() : parts.length >= 2 ? parts[parts.length - 2].trim() : "";
			String label = info.getLabel() != null && !info.getLabel().isBlank() ? info.getLabel()
					: parts[parts.length - 1].trim();
			list.add(new Technique(info.getName(), label, menu, group, info.getDescription(), info,
					ParameterParser.specs(info)));
		}
		list.sort(Comparator.comparing(Technique::group).thenComparing(Technique::label));
		return List.copyOf(list);
	}

	@Override
	public Technique technique(String idOrLabel) {
		String key = idOrLabel == null ? "" : idOrLabel.trim();
		for (Technique t : techniques())
			if (t.id().equalsIgnoreCase(key) || t.label().equalsIgnoreCase(key))
				return t;
		String closest = null;
		int best = Integer.MAX_VALUE;
		for (Technique t : techniques()) {
			int d = distance(key.toLowerCase(Locale.ROOT), t.id());
			if (d < best) {
				best = d;
				closest = t.id();
			}
		}
		throw new UsageException("Unknown technique '" + key + "'."
				+ (closest != null && best <= Math.max(2, key.length() / 2) ? " Did you mean '" + closest + "'?" : "")
				+ " Run 'segmentij list' to see all technique ids.");
	}

	private static int distance(String a, String b) {
		int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++)
			prev[j] = j;
		for (int i = 1; i <= a.length(); i++) {
			cur[0] = i;
			for (int j = 1; j <= b.length(); j++)
				cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
			int[] tmp = prev;
			prev = cur;
			cur = tmp;
		}
		return prev[b.length()];
	}

	@Override
	public TechniqueResult run(String id, ImagePlus input, Map<String, String> parameters) {
		Technique t = technique(id);
		return runParsed(t, input, ParameterParser.parse(t.id(), t.parameters(), parameters));
	}

	@Override
	public TechniqueResult runParsed(Technique technique, ImagePlus input, Map<String, Object> values) {
		Map<String, Object> inputs = new LinkedHashMap<>(values);
		for (org.segmentij.params.ParameterSpec s : technique.parameters())
			if (s.isImage() && inputs.get(s.key()) instanceof String ref)
				inputs.put(s.key(), ImageReferences.resolve(technique.label(), s.key(), ref));
		inputs.put(ParameterParser.MAIN_IMAGE, input);
		// Run in the calling thread, without pre/postprocessors: no persisted values, no UI, the
		// caller's exceptions unchanged; parameters were validated by ParameterParser.
		Module module = moduleService.createModule(technique.command());
		for (Map.Entry<String, Object> e : inputs.entrySet()) {
			module.setInput(e.getKey(), e.getValue());
			module.resolveInput(e.getKey());
		}
		try {
			module.run();
		}
		catch (IllegalArgumentException e) {
			throw new org.segmentij.InputException(technique.label() + ": " + e.getMessage(), e);
		}
		if (module instanceof CommandModule cm && cm.isCanceled())
			throw new UsageException(technique.label() + " was canceled"
					+ (cm.getCancelReason() == null ? "." : ": " + cm.getCancelReason()));
		ImagePlus image = null;
		Map<String, Object> outputs = new LinkedHashMap<>();
		for (ModuleItem<?> item : technique.command().outputs()) {
			Object v = item.getValue(module);
			if (v instanceof ImagePlus imp && image == null)
				image = imp;
			else if (v != null)
				outputs.put(item.getName(), v);
		}
		if (module.getDelegateObject() instanceof ImageCommand ic && ic.getOutput() != null)
			image = ic.getOutput();
		// a result keeps the input's calibration (all of it, also for axes it lacks) and overlay
		org.segmentij.image.ImageMetadata.carryOver(input, image);
		return new TechniqueResult(technique, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values)), image, outputs);
	}
}
