"""Many games at once: sweeps, experiments, analyses, sensitivity, calibration, the report."""
