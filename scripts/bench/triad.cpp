// STREAM-style probe of `npm run bench` (PERFORMANCE.md §3), one thread:
//   triad    a[i] = b[i] + s * c[i]   24 bytes per element (read b, c; write a)
//   lif      the Large LIF step fused in one pass: v = I + (v - I) * k; if v > 1 { v = 0; count++ }
//            (reads v and I, writes v: the same 24 bytes per neuron-step as the floor)
// Usage: triad <elements> <repetitions>; prints one JSON line with the best time of each.
// Compiled by scripts/bench/probe.ts with g++ -O3 -march=native in the same run as the bench.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

static double seconds_now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: triad <elements> <repetitions>\n");
    return 2;
  }
  const long n = std::atol(argv[1]);
  const int reps = std::atoi(argv[2]);
  std::vector<double> a(n, 0.0), b(n, 1.0), c(n, 2.0);
  const double s = 3.0;
  double best_triad = 1e30;
  for (int r = 0; r < reps; r++) {
    const double t0 = seconds_now();
    double* __restrict pa = a.data();
    const double* __restrict pb = b.data();
    const double* __restrict pc = c.data();
    for (long i = 0; i < n; i++) pa[i] = pb[i] + s * pc[i];
    const double t = seconds_now() - t0;
    if (t < best_triad) best_triad = t;
  }
  // LIF: v in a, I in b (0.5 + i/N as in the Large LIF model), k = exp(-dt/tau) with dt 0.1 ms, tau 10 ms.
  for (long i = 0; i < n; i++) {
    a[i] = 0.0;
    b[i] = 0.5 + double(i) / double(n);
  }
  const double k = 0.99004983374916805;
  long spikes = 0;
  double best_lif = 1e30;
  for (int r = 0; r < reps; r++) {
    const double t0 = seconds_now();
    double* __restrict v = a.data();
    const double* __restrict drive = b.data();
    long count = 0;
    for (long i = 0; i < n; i++) {
      double x = drive[i] + (v[i] - drive[i]) * k;
      const bool fired = x > 1.0;
      count += fired;
      v[i] = fired ? 0.0 : x;
    }
    spikes += count;
    const double t = seconds_now() - t0;
    if (t < best_lif) best_lif = t;
  }
  std::printf("{\"elements\": %ld, \"triadBestS\": %.9g, \"triadGBs\": %.6g, \"lifBestS\": %.9g, \"lifNsPerNeuronStep\": %.6g, \"checksum\": %.17g, \"spikes\": %ld}\n",
              n, best_triad, 24.0 * double(n) / best_triad / 1e9, best_lif, best_lif * 1e9 / double(n), a[n / 2], spikes);
  return 0;
}
