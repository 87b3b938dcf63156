# Generates the agreement fixtures for shared/reconcile (Cohen's kappa with its 95% CI, percent
# agreement) under tests/fixtures/kappa/. Run from the repository root:
#   Rscript tests/r/make-kappa-fixtures.R
# Needs R with psych and jsonlite (Debian: r-cran-psych, r-cran-jsonlite). Tests read the JSON and
# never need R. Ratings are written with the figures, so the tests rate exactly what R rated.
suppressPackageStartupMessages({ library(psych); library(jsonlite) })

out_dir <- file.path("tests", "fixtures", "kappa")
dir.create(out_dir, recursive = TRUE, showWarnings = FALSE)

set.seed(20261202)
# Two raters who mostly agree: B copies A with probability `agree`, else draws at random.
rate <- function(n, levels, agree, prob = NULL) {
  a <- sample(levels, n, replace = TRUE, prob = prob)
  b <- ifelse(runif(n) < agree, a, sample(levels, n, replace = TRUE, prob = prob))
  list(a = a, b = b)
}

cases <- list(
  # The integration test builds a review from this one: a yes/no/unclear field over 12 studies.
  list(name = "yes_no_unclear_12", ratings = list(
    a = c("yes", "yes", "no", "yes", "unclear", "no", "yes", "no", "yes", "yes", "unclear", "no"),
    b = c("yes", "no", "no", "yes", "unclear", "no", "yes", "yes", "yes", "yes", "no", "no"))),
  list(name = "two_levels_40", ratings = rate(40, c("yes", "no"), 0.7)),
  list(name = "three_levels_200", ratings = rate(200, c("low", "some", "high"), 0.6, c(0.5, 0.3, 0.2))),
  list(name = "seven_levels_150", ratings = rate(150, paste0("design", 1:7), 0.8)),
  list(name = "perfect_10", ratings = list(a = rep(c("yes", "no"), 5), b = rep(c("yes", "no"), 5))),
  list(name = "chance_30", ratings = rate(30, c("yes", "no", "unclear"), 0))
)

fixtures <- lapply(cases, function(case) {
  a <- case$ratings$a; b <- case$ratings$b
  k <- suppressWarnings(cohen.kappa(cbind(a, b)))
  list(
    name = case$name,
    a = a, b = b,
    n = length(a),
    percent = 100 * mean(a == b),
    kappa = k$kappa,
    variance = k$var.kappa,
    lower = k$confid[1, 1],
    upper = k$confid[1, 3]
  )
})

writeLines(toJSON(fixtures, digits = I(17), auto_unbox = TRUE, pretty = TRUE),
           file.path(out_dir, "cohen-kappa.json"))
cat("wrote", length(fixtures), "cases to", file.path(out_dir, "cohen-kappa.json"), "\n")
