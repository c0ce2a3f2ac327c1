/* OLC_SOAK_NO_PROFILER=1 (tests/bench/soak.sh, through lib-obs.sh olc_obs_no_profiler): preloaded
 * into OBS, this empty profiler_start keeps libobs's profiler from ever starting. The profiler
 * keeps, for every profiled section (the graphics, audio and hotkey threads and their parts), a
 * hash table with one 24-byte slot per distinct duration in microseconds it has seen, never
 * shrinking: on a loaded machine, where durations spread over hundreds of milliseconds, those
 * tables keep doubling for hours. Without it, OBS's memory over a soak is what OBS, its sources and
 * ours keep, not a histogram of timing jitter. OBS's "Profiler Results" at exit are then empty. */
void profiler_start(void);

void profiler_start(void)
{
}
