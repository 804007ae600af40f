# Sums up bench/soak.sh's samples.csv (seconds,phase,rss_kib,open_files,threads; phases before,
# warm-up, load, after) on one line of name=value pairs:
#
#   awk -F, -v window=60 -f bench/soak_samples.awk samples.csv
#
# RSS under load swings by several percent as the allocator takes and returns memory, so a
# single sample says little. Growth is judged two ways, each of which a leak fails:
#   level: the mean RSS over the last `window` seconds of the load against the mean over the
#          last `window` seconds of the warm-up;
#   peak:  the highest RSS after the warm-up against the highest during it (a leak keeps
#          setting new highs; swings stay under the old one).
# trend_kib_per_min is the least-squares slope of RSS after the warm-up, for the report only.
BEGIN { FS = "," }
NR == 1 { next }
$2 == "warm-up" { w++; wt[w] = $1; wr[w] = $3; if ($3 > warm_peak) warm_peak = $3 }
$2 == "load" {
  l++; lt[l] = $1; lr[l] = $3; if ($3 > load_peak) load_peak = $3
  sx += $1; sy += $3; sxx += $1 * $1; sxy += $1 * $3
}
$2 == "warm-up" || $2 == "load" { if ($4 > files_peak) files_peak = $4; if ($5 > threads_peak) threads_peak = $5 }
$2 == "warm-up" { warm_files = $4 }
function window_mean(t, r, n,    i, sum, count) {
  for (i = n; i >= 1 && t[i] > t[n] - window; i--) { sum += r[i]; count++ }
  return count ? sum / count : 0
}
function percent(from, to) { return from > 0 ? sprintf("%.2f", 100 * (to - from) / from) : "nan" }
END {
  warm_level = window_mean(wt, wr, w)
  end_level = window_mean(lt, lr, l)
  slope = (l > 1 && l * sxx - sx * sx != 0) ? (l * sxy - sx * sy) / (l * sxx - sx * sx) * 60 : 0
  printf "load_samples=%d warm_peak=%d warm_level=%.0f warm_files=%d load_peak=%d end_level=%.0f end_rss=%d",
    l, warm_peak, warm_level, warm_files, load_peak, end_level, lr[l]
  printf " level_growth=%s peak_growth=%s trend_kib_per_min=%.1f files_peak=%d threads_peak=%d\n",
    percent(warm_level, end_level), percent(warm_peak, load_peak), slope, files_peak, threads_peak
}
