package org.segmentij.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;
import org.segmentij.InputException;
import org.segmentij.UsageException;
import org.segmentij.deep.store.LoadedModel;
import org.segmentij.deep.store.ModelPackage;
import org.segmentij.deep.store.ModelStore;
import org.segmentij.deep.zoo.ZooModel;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Default {@link ModelService}: models cached by resolved path and device, closed on dispose. */
@Plugin(type = Service.class)
public class DefaultModelService extends AbstractService implements ModelService {

	private final Map<String, LoadedModel> cache = new ConcurrentHashMap<>();

	@Override
	public Device device(String choice) {
		String c = choice == null ? "auto" : choice.trim().toLowerCase(Locale.ROOT);
		int gpus = Engine.getEngine("PyTorch").getGpuCount();
		switch (c) {
		case "cpu":
			return Device.cpu();
		case "gpu":
			if (gpus == 0)
				throw new InputException("No GPU found by PyTorch (the CPU natives are installed); use device=cpu or device=auto,"
						+ " or build with -Pcuda for the CUDA natives.");
			return Device.gpu();
		case "auto":
		case "":
			return gpus > 0 ? Device.gpu() : Device.cpu();
		default:
			throw new UsageException("Unknown device '" + choice + "'; use auto, cpu or gpu.");
		}
	}

	@Override
	public LoadedModel model(String nameOrPath, Device device) {
		Path dir = ModelStore.resolve(nameOrPath);
		String key = dir.normalize() + "@" + device;
		LoadedModel m = cache.get(key);
		if (m != null && !m.isClosed())
			return m;
		synchronized (this) {
			m = cache.get(key);
			if (m != null && !m.isClosed())
				return m;
			if (Files.isRegularFile(dir.resolve(ModelPackage.JSON)))
				m = LoadedModel.load(ModelStore.read(dir), device);
			else
				m = ZooModel.load(dir, device);
			cache.put(key, m);
			return m;
		}
	}

	@Override
	public synchronized void releaseAll() {
		cache.values().forEach(LoadedModel::close);
		cache.clear();
	}

	@Override
	public void dispose() {
		releaseAll();
		super.dispose();
	}
}
