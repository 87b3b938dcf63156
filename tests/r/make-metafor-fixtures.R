# Generates the metafor reference fixtures for the pooling core (shared/stats) under tests/fixtures/metafor/.
# Run from the repository root:  Rscript tests/r/make-metafor-fixtures.R
# Needs R with metafor (3.8) and jsonlite (Debian: r-base-core, r-cran-metafor, r-cran-jsonlite).
# Tests read the JSON it writes and never need R. Tight convergence everywhere, numbers written with 15
# significant digits (jsonlite's maximum), so the comparison target (1e-6 relative, 1e-9 absolute near zero) is meaningful.
suppressPackageStartupMessages({ library(metafor); library(jsonlite) })

out_dir <- file.path("tests", "fixtures", "metafor")
dir.create(out_dir, recursive = TRUE, showWarnings = FALSE)
ctrl <- list(threshold = 1e-12, maxiter = 1000, tol = 1e-15)
natural <- list(RR = "exp", OR = "exp", ROM = "exp", PLO = "ilogit", PAS = "iarcsin", PFT = "ipft.hm", ZCOR = "ztor")

# JSON has no infinities: write them as the strings "Inf" and "-Inf" (the tests read them back).
nonfinite <- function(x) {
  if (is.list(x)) return(lapply(x, nonfinite))
  if (is.numeric(x) && any(is.infinite(x))) return(ifelse(is.infinite(x), ifelse(x > 0, "Inf", "-Inf"), as.character(x)))
  x
}
write_fixture <- function(x, file) {
  writeLines(toJSON(nonfinite(x), digits = I(17), auto_unbox = TRUE, null = "null", na = "null", pretty = TRUE),
             file.path(out_dir, file))
}

# Effect sizes as the pooling core computes them, with escalc's add/to/drop00 (defaults 1/2, "only0", FALSE
# as in rma.uni) when a case gives them.
effects <- function(measure, d, zero = list()) {
  args <- c(list(measure = measure), zero, as.list(d[setdiff(names(d), c("id", "scale"))]))
  if (measure == "GEN") {
    yi <- d$yi; vi <- d$vi
    if (is.null(vi) && !is.null(d$sei)) vi <- d$sei^2
    if (!is.null(d$scale) && identical(d$scale[1], "log")) {
      yi <- log(d$yi)
      if (!is.null(d$ci_lb)) vi <- ((log(d$ci_ub) - log(d$ci_lb)) / (2 * qnorm(0.975)))^2
    } else if (!is.null(d$ci_lb)) vi <- ((d$ci_ub - d$ci_lb) / (2 * qnorm(0.975)))^2
    return(data.frame(yi = yi, vi = vi))
  }
  do.call(escalc, args)
}

back <- function(measure, x, ni) {
  switch(natural[[measure]] %||% "none",
    exp = exp(x), ilogit = transf.ilogit(x), iarcsin = transf.iarcsin(x),
    ipft.hm = transf.ipft.hm(x, targs = list(ni = ni)), ztor = transf.ztor(x), x)
}
`%||%` <- function(a, b) if (is.null(a)) b else a

# One analysis: the `caliper pool` output as metafor computes it.
analyse <- function(name, measure, method, test, level, d, zero = list()) {
  if (nzchar(Sys.getenv("CALIPER_FIXTURE_TRACE"))) message(name)
  input <- c(list(measure = measure, method = method, test = test, level = level), zero,
             list(studies = lapply(seq_len(nrow(d)), function(i) as.list(d[i, , drop = FALSE]))))
  if (measure == "GEN" && !is.null(d$scale)) input$scale <- d$scale[1]
  es <- effects(measure, d, zero)
  ok <- !is.na(es$yi) & !is.na(es$vi)
  out <- list()
  if (method %in% c("MH", "PETO")) {
    tab <- list(ai = d$ai, bi = d$n1i - d$ai, ci = d$ci, di = d$n2i - d$ci)
    # rma.mh and rma.peto: a single add/to/drop00 shapes the study-level yi/vi (drop00 defaults to TRUE there).
    zero_mh <- modifyList(list(drop00 = TRUE), zero)
    res <- if (method == "MH") do.call(rma.mh, c(tab, list(measure = measure, level = level), zero))
           else do.call(rma.peto, c(tab, list(level = level), zero))
    w <- weights(res)
    es2 <- do.call(escalc, c(list(measure = if (method == "MH") measure else "PETO", ai = d$ai, n1i = d$n1i, ci = d$ci, n2i = d$n2i), zero_mh))
    out <- list(k = res$k, estimate = c(res$beta), se = res$se, ci_lb = res$ci.lb, ci_ub = res$ci.ub,
                stat = res$zval, pval = res$pval, I2 = res$I2, H2 = res$H2, Q = res$QE,
                Qdf = res$k.yi - 1, Qp = res$QEp)
    out$studies <- lapply(seq_len(nrow(d)), function(i) {
      s <- list(id = d$id[i], weight = unname(w[i]))
      if (!is.na(es2$yi[i])) { s$yi <- es2$yi[i]; s$vi <- es2$vi[i] }
      s
    })
    out$transformed <- list(estimate = exp(c(res$beta)), ci_lb = exp(res$ci.lb), ci_ub = exp(res$ci.ub))
    if (measure == "RD") out$transformed <- NULL
  } else {
    res <- rma(es$yi[ok], es$vi[ok], method = method, test = test, level = level, control = ctrl)
    p <- predict(res)
    w <- weights(res)
    out <- list(k = res$k, estimate = c(res$beta), se = res$se, ci_lb = res$ci.lb, ci_ub = res$ci.ub,
                stat = res$zval, pval = res$pval, I2 = res$I2, H2 = res$H2, Q = res$QE,
                Qdf = res$k - 1, Qp = res$QEp)
    if (method != "FE") {
      out$tau2 <- res$tau2; out$tau <- sqrt(res$tau2)
      out$pi_lb <- p$pi.lb; out$pi_ub <- p$pi.ub
    }
    if (test == "knha" && res$k > 1) out$df <- res$ddf
    ids <- d$id[ok]
    out$studies <- lapply(seq_along(ids), function(i) list(id = ids[i], yi = es$yi[ok][i], vi = es$vi[ok][i], weight = unname(w[i])))
    tr_measure <- if (measure == "GEN" && !is.null(d$scale) && identical(d$scale[1], "log")) "RR" else measure
    if (!is.null(natural[[tr_measure]])) {
      ni <- d$ni[ok]
      tr <- list(estimate = back(tr_measure, c(res$beta), ni), ci_lb = back(tr_measure, res$ci.lb, ni),
                 ci_ub = back(tr_measure, res$ci.ub, ni))
      if (method != "FE") { tr$pi_lb <- back(tr_measure, p$pi.lb, ni); tr$pi_ub <- back(tr_measure, p$pi.ub, ni) }
      out$transformed <- tr
    }
    if (method != "FE" && res$k > 1) {
      ci <- confint(res, control = list(tol = 1e-18, maxiter = 10000))$random
      out$confint <- list(tau2 = unname(ci["tau^2", ]), tau = unname(ci["tau", ]),
                          I2 = unname(ci["I^2(%)", ]), H2 = unname(ci["H^2", ]))
    }
  }
  if (any(!ok) && !(method %in% c("MH", "PETO"))) out$excluded <- lapply(d$id[!ok], function(id) list(id = id))
  list(name = name, input = input, expected = out)
}

ids <- function(n, prefix = "Study") sprintf("%s %02d", prefix, seq_len(n))
bcg <- with(dat.bcg, data.frame(id = paste(author, year), ai = tpos, n1i = tpos + tneg, ci = cpos, n2i = cpos + cneg))
normand <- with(dat.normand1999, data.frame(id = source, m1i = m1i, sd1i = sd1i, n1i = n1i, m2i = m2i, sd2i = sd2i, n2i = n2i))
pritz <- with(dat.pritz1997, data.frame(id = paste(study, authors), xi = xi, ni = ni))
molloy <- with(dat.molloy2014, data.frame(id = paste(authors, year), ri = ri, ni = ni))
set.seed(20261125)
gen_mc <- data.frame(id = ids(12), m1i = round(rnorm(12, 10, 2), 2), m2i = round(rnorm(12, 8, 2), 2),
                     sd1i = round(runif(12, 2, 4), 2), sd2i = round(runif(12, 2, 4), 2), ni = sample(15:80, 12), ri = round(runif(12, 0.3, 0.8), 2))
gen_mn <- data.frame(id = ids(9), mi = round(rnorm(9, 50, 5), 1), sdi = round(runif(9, 5, 12), 1), ni = sample(20:200, 9))
bcg_es <- escalc("RR", ai = bcg$ai, n1i = bcg$n1i, ci = bcg$ci, n2i = bcg$n2i)
gen_sei <- data.frame(id = bcg$id, yi = c(bcg_es$yi), sei = sqrt(c(bcg_es$vi)))
hr <- data.frame(id = ids(7, "Trial"), yi = c(0.51, 0.72, 0.88, 0.64, 1.05, 0.59, 0.81),
                 ci_lb = c(0.27, 0.55, 0.70, 0.41, 0.80, 0.38, 0.66), ci_ub = c(0.98, 0.94, 1.10, 1.00, 1.38, 0.92, 0.99), scale = "log")
sparse <- data.frame(id = ids(8), ai = c(0, 2, 1, 0, 5, 3, 0, 12), n1i = c(20, 35, 40, 18, 60, 25, 30, 12),
                     ci = c(1, 0, 3, 0, 9, 4, 0, 10), n2i = c(22, 30, 41, 20, 58, 27, 28, 10))
big <- data.frame(id = ids(5), ai = c(1520, 2210, 980, 4120, 3050), n1i = c(1e6, 2.5e6, 8e5, 4e6, 3e6),
                  ci = c(1710, 2390, 1100, 4660, 3120), n2i = c(1e6, 2.5e6, 8e5, 4e6, 3e6))
identical_studies <- data.frame(id = ids(4), ai = 10, n1i = 100, ci = 15, n2i = 100)
homog <- data.frame(id = ids(6), m1i = c(10.1, 10.3, 9.9, 10.0, 10.2, 10.1), sd1i = 3, n1i = c(40, 55, 60, 35, 80, 45),
                    m2i = c(9.0, 9.1, 8.9, 9.0, 9.2, 9.1), sd2i = 3, n2i = c(40, 50, 62, 36, 78, 44))

cases <- list()
add <- function(x) cases[[length(cases) + 1]] <<- x
all_methods <- c("FE", "DL", "REML", "ML", "PM", "HE", "SJ", "EB", "HS")
for (m in all_methods) for (t in c("z", "knha")) {
  if (m == "FE" && t == "knha") next
  add(analyse(sprintf("bcg RR %s %s", m, t), "RR", m, t, 95, bcg))
}
for (m in c("DL", "REML")) add(analyse(sprintf("bcg OR %s z", m), "OR", m, "z", 95, bcg))
add(analyse("bcg RD REML z", "RD", "REML", "z", 95, bcg))
add(analyse("bcg OR REML knha level 90", "OR", "REML", "knha", 90, bcg))
for (m in c("FE", "REML", "DL", "PM")) for (me in c("MD", "SMD", "ROM")) add(analyse(sprintf("normand %s %s", me, m), me, m, "z", 95, normand))
for (me in c("PR", "PLO", "PAS", "PFT")) for (m in c("REML", "DL")) add(analyse(sprintf("pritz %s %s", me, m), me, m, "z", 95, pritz))
add(analyse("pritz PFT FE", "PFT", "FE", "z", 95, pritz))
add(analyse("molloy ZCOR REML", "ZCOR", "REML", "z", 95, molloy))
add(analyse("molloy ZCOR SJ knha", "ZCOR", "SJ", "knha", 95, molloy))
add(analyse("generated MC REML", "MC", "REML", "z", 95, gen_mc))
add(analyse("generated MN ML", "MN", "ML", "z", 99, gen_mn))
# Standardised mean change with raw score standardisation (Becker 1988): follow-up minus baseline, over
# the baseline SD (sd1i), with the pre/post correlation; fixed numbers (no draw from the seed above).
smcr <- data.frame(id = ids(8), m1i = c(24.1, 30.5, 18.2, 41.0, 27.3, 22.8, 35.6, 29.9),
                   m2i = c(20.3, 26.1, 17.5, 33.2, 25.0, 19.9, 30.4, 28.7),
                   sd1i = c(6.2, 8.4, 5.1, 10.3, 7.7, 6.9, 9.5, 8.0), ni = c(25, 40, 18, 62, 33, 21, 55, 47),
                   ri = c(0.5, 0.62, 0.45, 0.7, 0.55, 0.38, 0.66, 0.6))
add(analyse("SMCR REML", "SMCR", "REML", "z", 95, smcr))
add(analyse("SMCR DL knha", "SMCR", "DL", "knha", 95, smcr))
add(analyse("GEN sei REML", "GEN", "REML", "z", 95, gen_sei))
add(analyse("GEN hazard ratios from CIs DL", "GEN", "DL", "z", 95, hr))
add(analyse("GEN hazard ratios from CIs REML knha", "GEN", "REML", "knha", 95, hr))
# Edge cases.
add(analyse("k = 1 REML", "RR", "REML", "knha", 95, bcg[1, ]))
add(analyse("k = 1 FE", "OR", "FE", "z", 95, bcg[2, ]))
for (m in c("REML", "DL", "PM", "SJ")) add(analyse(sprintf("k = 2 %s", m), "RR", m, "z", 95, bcg[c(3, 7), ]))
add(analyse("k = 2 REML knha", "OR", "REML", "knha", 95, bcg[c(1, 2), ]))
for (m in c("REML", "ML", "DL", "PM", "EB", "HE", "HS")) add(analyse(sprintf("tau2 at zero %s", m), "MD", m, "z", 95, homog))
add(analyse("identical studies REML", "RR", "REML", "z", 95, identical_studies))
add(analyse("identical studies knha", "RR", "DL", "knha", 95, identical_studies))
for (me in c("RR", "OR", "RD")) add(analyse(sprintf("zero and all-event cells %s REML", me), me, "REML", "z", 95, sparse))
for (me in c("RR", "OR", "RD")) add(analyse(sprintf("very large n %s DL", me), me, "DL", "z", 95, big))
prop_edge <- data.frame(id = ids(5), xi = c(0, 5, 12, 20, 1), ni = c(30, 40, 25, 20, 1e5))
for (me in c("PR", "PLO", "PAS", "PFT")) add(analyse(sprintf("zero and all-event proportions %s DL", me), me, "DL", "z", 95, prop_edge))
add(analyse("MH k = 1", "OR", "MH", "z", 95, bcg[4, ]))
add(analyse("PETO k = 2", "OR", "PETO", "z", 95, bcg[c(5, 9), ]))
# A flat likelihood on which Fisher scoring needs over 1,000 steps to reach 1e-10 (seen in the benchmark).
crawl <- data.frame(id = ids(20), ai = c(15, 5, 19, 17, 8, 15, 15, 21, 6, 11, 15, 10, 6, 43, 8, 6, 13, 13, 30, 6),
                    n1i = c(80, 59, 161, 196, 96, 122, 179, 179, 91, 79, 117, 56, 70, 173, 73, 88, 86, 103, 180, 95),
                    ci = c(47, 6, 20, 14, 23, 16, 11, 24, 7, 43, 10, 52, 8, 36, 20, 12, 15, 39, 15, 18),
                    n2i = c(177, 48, 162, 114, 167, 120, 91, 136, 94, 166, 50, 184, 67, 162, 111, 85, 108, 150, 92, 184))
ctrl_save <- ctrl; ctrl$maxiter <- 100000
for (m in c("REML", "ML")) add(analyse(sprintf("flat likelihood %s", m), "RR", m, "z", 95, crawl))
ctrl <- ctrl_save
# A unit typo (one SD of 100000): one weight dwarfs the other, and the Fisher scoring information cancels
# to exactly 0 on the way (the step is -Inf); the answer must still come, and be metafor's.
typo <- data.frame(id = ids(2), m1i = c(-1020, 11), sd1i = c(100000, 3), n1i = c(68, 25), m2i = c(8, 9),
                   sd2i = c(1.6, 2.5), n2i = c(101, 25))
for (m in c("REML", "ML", "EB")) add(analyse(sprintf("unit typo SD 100000 %s", m), "MD", m, "z", 95, typo))
# Mantel-Haenszel and Peto.
for (me in c("RR", "OR", "RD")) {
  add(analyse(sprintf("bcg %s MH", me), me, "MH", "z", 95, bcg))
  add(analyse(sprintf("sparse %s MH", me), me, "MH", "z", 95, sparse))
}
# metafor's add / to / drop00 (escalc, rma.uni, rma.mh, rma.peto) on tables and proportions with zero cells.
for (to in c("all", "only0", "if0all", "none")) for (drop00 in c(FALSE, TRUE)) {
  z <- list(add = 0.5, to = to, drop00 = drop00)
  # (RR and RD with to = "none" keep tables with variance 0 unless drop00, on which rma stops: left out;
  # Caliper lists such studies as excluded.)
  for (me in c("RR", "OR", "RD")) if (!(me != "OR" && to == "none" && !drop00))
    add(analyse(sprintf("zero cells %s REML to=%s drop00=%s", me, to, drop00), me, "REML", "z", 95, sparse, z))
  # (Likewise rma.mh: its Q becomes Inf from a variance of 0; Caliper leaves that study out of Q.)
  if (!(to == "none" && !drop00)) add(analyse(sprintf("zero cells RR MH to=%s drop00=%s", to, drop00), "RR", "MH", "z", 95, sparse, z))
  add(analyse(sprintf("zero cells OR PETO to=%s drop00=%s", to, drop00), "OR", "PETO", "z", 95, sparse, z))
}
for (a in c(0.1, 1)) {
  add(analyse(sprintf("zero cells OR DL add=%s", a), "OR", "DL", "z", 95, sparse, list(add = a)))
  add(analyse(sprintf("zero cells RD FE add=%s to=all", a), "RD", "FE", "z", 95, sparse, list(add = a, to = "all")))
}
# (PR with to = "none" is left out: metafor stops on its zero variances, Caliper lists those studies as excluded.)
for (me in c("PR", "PLO")) for (to in c("all", "only0", "if0all", "none")) if (!(me == "PR" && to == "none"))
  add(analyse(sprintf("zero and all-event proportions %s DL to=%s", me, to), me, "DL", "z", 95, prop_edge, list(to = to)))
add(analyse("zero and all-event proportions PFT DL add=0.5 to=all", "PFT", "DL", "z", 95, prop_edge, list(add = 0.5, to = "all")))
add(analyse("bcg PETO", "OR", "PETO", "z", 95, bcg))
add(analyse("sparse PETO", "OR", "PETO", "z", 99, sparse))
write_fixture(cases, "pool.json")
cat(sprintf("wrote %d pooling cases\n", length(cases)))

# ---- Conversions (Cochrane Handbook chapter 6) -------------------------------------------------------
# Computed here with R's own qnorm/qt. metafor 3.8 has no conv.fivenum() (it arrived in metafor 4.0), so
# when it is missing the median-to-mean/SD values come from a transcription of its default method
# ("luo/wan/shi", normal data, skewness test reported): Luo 2018 means, Wan 2014 / Shi 2020 SDs.
fivenum_ref <- function(min = NA, q1 = NA, median, q3 = NA, max = NA, n) {
  if (exists("conv.fivenum", mode = "function")) {
    r <- conv.fivenum(min = min, q1 = q1, median = median, q3 = q3, max = max, n = n, test = FALSE)
    return(list(mean = r$mean, sd = r$sd))
  }
  xi <- 2 * qnorm((n - 0.375) / (n + 0.25)); eta <- 2 * qnorm((0.75 * n - 0.125) / (n + 0.25))
  if (!is.na(min) && !is.na(q1)) {
    w1 <- 2.2 / (2.2 + n^0.75); w2 <- 0.7 - 0.72 / n^0.55; w <- 1 / (1 + 0.07 * n^0.6)
    list(mean = w1 * (min + max) / 2 + w2 * (q1 + q3) / 2 + (1 - w1 - w2) * median,
         sd = w * (max - min) / xi + (1 - w) * (q3 - q1) / eta, scenario = "S3")
  } else if (!is.na(min)) {
    w <- 4 / (4 + n^0.75)
    list(mean = w * (min + max) / 2 + (1 - w) * median, sd = (max - min) / xi, scenario = "S1")
  } else {
    w <- 0.7 + 0.39 / n
    list(mean = w * (q1 + q3) / 2 + (1 - w) * median, sd = (q3 - q1) / eta, scenario = "S2")
  }
}
conv <- list(
  list(name = "SE from a 95% CI", fn = "seFromCI", args = list(lower = 1.2, upper = 3.4), expected = (3.4 - 1.2) / (2 * qnorm(0.975))),
  list(name = "SE from a 90% CI", fn = "seFromCI", args = list(lower = -0.5, upper = 0.9, level = 90), expected = 1.4 / (2 * qnorm(0.95))),
  list(name = "SE from a t-based CI", fn = "seFromCI", args = list(lower = 10.1, upper = 14.3, df = 11), expected = 4.2 / (2 * qt(0.975, 11))),
  list(name = "SD from SE", fn = "sdFromSE", args = list(se = 0.85, n = 44), expected = 0.85 * sqrt(44)),
  list(name = "SD from a CI of a mean (normal)", fn = "sdFromMeanCI", args = list(lower = 21.2, upper = 25.8, n = 120), expected = sqrt(120) * 4.6 / (2 * qnorm(0.975))),
  list(name = "SD from a CI of a mean (t, small sample)", fn = "sdFromMeanCI", args = list(lower = 21.2, upper = 25.8, n = 12, t = TRUE), expected = sqrt(12) * 4.6 / (2 * qt(0.975, 11))),
  list(name = "log SE from a hazard ratio CI", fn = "logSEFromRatioCI", args = list(lower = 0.27, upper = 0.98), expected = (log(0.98) - log(0.27)) / (2 * qnorm(0.975))),
  list(name = "SE from an estimate and p", fn = "seFromEstimateAndP", args = list(estimate = 2.3, p = 0.008), expected = 2.3 / qnorm(0.004, lower.tail = FALSE)),
  list(name = "SE of a log ratio from p", fn = "seFromEstimateAndP", args = list(estimate = 0.62, p = 0.03, scale = "log"), expected = abs(log(0.62)) / qnorm(0.015, lower.tail = FALSE)),
  list(name = "SE from p with t", fn = "seFromEstimateAndP", args = list(estimate = -1.1, p = 0.04, df = 18), expected = 1.1 / qt(0.02, 18, lower.tail = FALSE)),
  list(name = "combine two groups", fn = "combineGroups", args = list(a = list(n = 40, mean = 12.1, sd = 3.2), b = list(n = 35, mean = 14.6, sd = 4.1)),
       expected = local({ n <- 75; m <- (40 * 12.1 + 35 * 14.6) / n
         list(n = n, mean = m, sd = sqrt((39 * 3.2^2 + 34 * 4.1^2 + 40 * 35 / n * (12.1 - 14.6)^2) / (n - 1))) })),
  list(name = "SD of change", fn = "sdOfChange", args = list(sdBaseline = 4.2, sdFinal = 5.1, r = 0.6), expected = sqrt(4.2^2 + 5.1^2 - 2 * 0.6 * 4.2 * 5.1))
)
for (f in list(list(min = 2, median = 7, max = 19, n = 30), list(q1 = 4, median = 6, q3 = 9.5, n = 55),
               list(min = 1, q1 = 4, median = 6, q3 = 9.5, max = 21, n = 55), list(min = 10, q1 = 14, median = 15, q3 = 17, max = 30, n = 400),
               list(q1 = 0.8, median = 1.1, q3 = 1.7, n = 12))) {
  r <- do.call(fivenum_ref, f)
  conv[[length(conv) + 1]] <- list(name = paste("mean and SD from", paste(names(f), collapse = ", ")), fn = "meanSDFromMedian",
                                   args = f, expected = list(mean = r$mean, sd = r$sd))
}
write_fixture(conv, "conversions.json")
cat(sprintf("wrote %d conversion cases\n", length(conv)))

# ---- Leave-one-out, cumulative, Egger's test, trim-and-fill, subgroups -------------------------------
refit_rows <- function(x, ids) {
  stat <- if (is.null(x$tval)) x$zval else x$tval
  lapply(seq_along(x$estimate), function(i) {
    r <- list(id = ids[i], estimate = x$estimate[i], se = x$se[i], stat = stat[i], pval = x$pval[i], ci_lb = x$ci.lb[i],
              ci_ub = x$ci.ub[i], Q = x$Q[i], Qp = x$Qp[i], tau2 = x$tau2[i], I2 = x$I2[i], H2 = x$H2[i])
    if (is.null(x$tau2)) r$tau2 <- NULL  # common-effect model: no tau2
    r
  })
}
sensitivity_case <- function(name, ids, yi, vi, method, test, level = 95) {
  res <- rma(yi, vi, method = method, test = test, level = level, control = ctrl)
  rt <- regtest(res)
  tf <- trimfill(res, control = ctrl)
  expected <- list(
    leave1out = refit_rows(leave1out(res), ids),
    cumulative = refit_rows(cumul(res), ids),
    regtest = c(list(stat = rt$zval, pval = rt$pval, limit = list(estimate = unname(rt$est), ci_lb = rt$ci.lb, ci_ub = rt$ci.ub)),
                if (test == "knha") list(df = rt$dfs) else list()),
    trimfill = list(k0 = tf$k0, se_k0 = tf$se.k0, side = tf$side,
                    filled = lapply(which(tf$fill), function(i) list(yi = tf$yi[i], vi = tf$vi[i])),
                    fit = list(k = tf$k, estimate = c(tf$beta), se = tf$se, ci_lb = tf$ci.lb, ci_ub = tf$ci.ub, tau2 = tf$tau2,
                               Q = tf$QE, I2 = tf$I2)))
  list(name = name, ids = ids, yi = c(yi), vi = c(vi), method = method, test = test, level = level, expected = expected)
}
bcg_rr <- escalc("RR", ai = bcg$ai, n1i = bcg$n1i, ci = bcg$ci, n2i = bcg$n2i)
normand_smd <- escalc("SMD", m1i = normand$m1i, sd1i = normand$sd1i, n1i = normand$n1i, m2i = normand$m2i, sd2i = normand$sd2i, n2i = normand$n2i)
hack <- dat.hackshaw1998
set.seed(7)
asym_vi <- runif(20, 0.01, 0.4); asym_yi <- 0.3 + rnorm(20, 0, sqrt(asym_vi + 0.02)) + 1.2 * sqrt(asym_vi)
sens <- list(
  sensitivity_case("bcg RR REML z", bcg$id, bcg_rr$yi, bcg_rr$vi, "REML", "z"),
  sensitivity_case("bcg RR DL knha", bcg$id, bcg_rr$yi, bcg_rr$vi, "DL", "knha"),
  sensitivity_case("normand SMD FE", normand$id, normand_smd$yi, normand_smd$vi, "FE", "z"),
  sensitivity_case("hackshaw1998 OR REML", paste(hack$author, hack$year), hack$yi, hack$vi, "REML", "z"),
  sensitivity_case("hackshaw1998 OR PM knha 90", paste(hack$author, hack$year), hack$yi, hack$vi, "PM", "knha", 90),
  sensitivity_case("asymmetric generated ML", ids(20), asym_yi, asym_vi, "ML", "z"),
  sensitivity_case("asymmetric generated flipped EB", ids(20), -asym_yi, asym_vi, "EB", "z")
)
write_fixture(sens, "sensitivity.json")

subgroup_case <- function(name, groups, yi, vi, method, test = "z") {
  fits <- lapply(unique(groups), function(g) {
    r <- rma(yi[groups == g], vi[groups == g], method = method, test = test, control = ctrl)
    list(subgroup = g, k = r$k, estimate = c(r$beta), se = r$se, stat = r$zval, pval = r$pval, ci_lb = r$ci.lb, ci_ub = r$ci.ub,
         Q = r$QE, Qp = r$QEp, tau2 = if (method == "FE") NA else r$tau2, I2 = r$I2, H2 = r$H2)
  })
  between <- rma(sapply(fits, `[[`, "estimate"), sei = sapply(fits, `[[`, "se"), method = "FE")
  list(name = name, groups = groups, yi = c(yi), vi = c(vi), method = method, test = test,
       expected = list(groups = fits, Qb = between$QE, Qb_df = between$k - 1, Qb_p = between$QEp))
}
subs <- list(
  subgroup_case("bcg RR by allocation REML", as.character(dat.bcg$alloc), bcg_rr$yi, bcg_rr$vi, "REML"),
  subgroup_case("bcg RR by allocation DL knha", as.character(dat.bcg$alloc), bcg_rr$yi, bcg_rr$vi, "DL", "knha"),
  subgroup_case("bcg RR by latitude band FE", ifelse(dat.bcg$ablat > 35, "far", "near"), bcg_rr$yi, bcg_rr$vi, "FE")
)
write_fixture(subs, "subgroups.json")
cat(sprintf("wrote %d sensitivity and %d subgroup cases\n", length(sens), length(subs)))

# ---- Hedges' exact correction c(m) = gamma(m/2) / (sqrt(m/2) gamma((m-1)/2)), as escalc() computes it ----
m <- c(2, 3, 5, 10, 38, 100, 1000, 1e4, 1e6)
write_fixture(lapply(m, function(x) list(m = x, c = exp(lgamma(x/2) - log(sqrt(x/2)) - lgamma((x-1)/2)))), "hedges.json")

# ---- RevMan 5's conventions ("convention": "revman5") -------------------------------------------------
# Deeks & Higgins (2010), "Statistical algorithms in Review Manager 5". Where RevMan's formulas are
# metafor's, metafor computes them: inverse variance with escalc (1/2 added to tables with a zero cell,
# double-zero tables left out of RR and OR) and rma FE / DL; Mantel-Haenszel with rma.mh, the correction
# applied to the pooled tables too (add = c(1/2, 1/2)); Peto with rma.peto (study-level (O - E)/V without a
# correction, as RevMan shows it). RevMan's own formulas are
# written out here: Hedges' adjusted g for SMD, the Greenland-Robins variance of the MH risk difference,
# and random effects for MH (DerSimonian-Laird tau² from Q around the MH estimate, then 1/(vi + tau²)).
revman_case <- function(name, measure, method, model, d, groups = NULL) {
  input <- list(convention = "revman5", measure = measure, method = method,
                studies = lapply(seq_len(nrow(d)), function(i) as.list(d[i, , drop = FALSE])))
  if (method == "MH") input$model <- model
  if (!is.null(groups)) for (i in seq_along(groups)) input$studies[[i]]$subgroup <- groups[i]
  if (measure == "GEN" && !is.null(d$scale)) input$scale <- d$scale[1]
  total <- function(d) {
    random <- model == "random"
    if (measure == "SMD") {
      N <- d$n1i + d$n2i
      sp <- sqrt(((d$n1i - 1) * d$sd1i^2 + (d$n2i - 1) * d$sd2i^2) / (N - 2))
      yi <- (d$m1i - d$m2i) / sp * (1 - 3 / (4 * N - 9)); vi <- N / (d$n1i * d$n2i) + yi^2 / (2 * (N - 3.94))
    } else if (method == "PETO") {
      # RevMan's study-level Peto OR needs no correction for zero cells: (O - E)/V of the table as it is.
      es <- escalc("PETO", ai = d$ai, n1i = d$n1i, ci = d$ci, n2i = d$n2i, drop00 = TRUE, to = "none"); yi <- c(es$yi); vi <- es$vi
    } else {
      es <- effects(measure, d, if (measure %in% c("RR", "OR", "RD")) list(drop00 = measure %in% c("RR", "OR")) else list())
      yi <- c(es$yi); vi <- c(es$vi)
    }
    ok <- !is.na(yi)
    w <- 1 / vi[ok]
    if (method %in% c("MH", "PETO")) {
      tab <- list(ai = d$ai, bi = d$n1i - d$ai, ci = d$ci, di = d$n2i - d$ci)
      fe <- if (method == "MH") do.call(rma.mh, c(tab, list(measure = measure, add = c(1/2, 1/2), to = c("only0", "only0"), drop00 = c(TRUE, TRUE))))
            else do.call(rma.peto, tab)
      est <- c(fe$beta); se <- fe$se; Q <- fe$QE; raw <- weights(fe)
      if (method == "MH" && measure == "RD") {
        # Greenland & Robins (1985) variance, as RevMan 5: J / K².
        z <- tab$ai == 0 | tab$bi == 0 | tab$ci == 0 | tab$di == 0
        a <- tab$ai + 0.5 * z; b <- tab$bi + 0.5 * z; c <- tab$ci + 0.5 * z; dd <- tab$di + 0.5 * z
        n1 <- a + b; n2 <- c + dd; Nn <- n1 + n2
        K <- sum(n1 * n2 / Nn); J <- sum((a * b * n2^3 + c * dd * n1^3) / (n1 * n2 * Nn^2))
        est <- sum((a * n2 - c * n1) / Nn) / K; se <- sqrt(J / K^2)
        Q <- sum(w * (yi[ok] - est)^2); raw <- 100 * (n1 * n2 / Nn) / K
      }
    } else {
      fe <- rma(yi[ok], vi[ok], method = "FE"); est <- c(fe$beta); se <- fe$se; Q <- fe$QE; raw <- weights(fe)
    }
    df <- sum(ok) - 1
    out <- list(k = sum(ok), Q = Q, Qdf = df, Qp = if (df > 0) pchisq(Q, df, lower.tail = FALSE) else 1,
                I2 = if (df > 0) max(0, 100 * (Q - df) / Q) else 0)
    wts <- rep(0, nrow(d)); wts[if (method %in% c("MH", "PETO")) seq_len(nrow(d)) else which(ok)] <- raw
    if (random) {
      tau2 <- if (df > 0) max(0, (Q - df) / (sum(w) - sum(w^2) / sum(w))) else 0
      re <- rma(yi[ok], vi[ok], tau2 = tau2, method = "DL")
      est <- c(re$beta); se <- re$se; wts <- rep(0, nrow(d)); wts[which(ok)] <- weights(re)
      out$tau2 <- tau2
    }
    out$estimate <- est; out$se <- se; out$ci_lb <- est - qnorm(0.975) * se; out$ci_ub <- est + qnorm(0.975) * se
    out$stat <- est / se; out$pval <- 2 * pnorm(-abs(est / se))
    out$studies <- lapply(seq_len(nrow(d)), function(i) {
      s <- list(id = d$id[i], weight = wts[i])
      if (ok[i]) { s$yi <- yi[i]; s$vi <- vi[i] }
      s
    })
    out
  }
  expected <- total(d)
  if (!is.null(groups)) {
    gs <- lapply(unique(groups), function(g) { t <- total(d[groups == g, , drop = FALSE]); t$studies <- NULL; t$Qdf <- NULL; c(list(subgroup = g), t) })
    est <- sapply(gs, `[[`, "estimate"); sw <- 1 / sapply(gs, `[[`, "se")^2
    Qb <- sum(sw * (est - sum(sw * est) / sum(sw))^2); dfb <- length(gs) - 1
    expected$subgroups <- list(groups = gs, Qb = Qb, Qb_df = dfb, Qb_p = pchisq(Qb, dfb, lower.tail = FALSE),
                               Qb_I2 = max(0, 100 * (Qb - dfb) / Qb))
  }
  list(name = name, input = input, expected = expected)
}
rm5 <- list(
  revman_case("bcg RR IV fixed", "RR", "FE", "fixed", bcg),
  revman_case("bcg RR IV random", "RR", "DL", "random", bcg),
  revman_case("sparse OR IV random", "OR", "DL", "random", sparse),
  revman_case("sparse RD IV fixed", "RD", "FE", "fixed", sparse),
  revman_case("normand MD IV random", "MD", "DL", "random", normand),
  revman_case("normand SMD IV fixed", "SMD", "FE", "fixed", normand),
  revman_case("normand SMD IV random", "SMD", "DL", "random", normand),
  revman_case("hazard ratios GEN IV random", "GEN", "DL", "random", hr),
  revman_case("bcg OR MH fixed", "OR", "MH", "fixed", bcg),
  revman_case("bcg OR MH random", "OR", "MH", "random", bcg),
  revman_case("sparse RR MH random", "RR", "MH", "random", sparse),
  revman_case("bcg RD MH fixed", "RD", "MH", "fixed", bcg),
  revman_case("sparse RD MH random", "RD", "MH", "random", sparse),
  revman_case("sparse OR PETO", "OR", "PETO", "fixed", sparse),
  revman_case("bcg RR MH random by allocation", "RR", "MH", "random", bcg, as.character(dat.bcg$alloc))
)
write_fixture(rm5, "revman5.json")
cat(sprintf("wrote %d RevMan 5 convention cases\n", length(rm5)))
