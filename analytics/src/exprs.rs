//! Reusable polars expressions and small helpers to read results back out of
//! a collected `DataFrame`. Every ratio is null (later `None`) when its
//! denominator is zero, never NaN.

use polars::prelude::*;

/// `num / den` as `Float64`, null when `den` is zero or null.
pub fn ratio(num: Expr, den: Expr) -> Expr {
    when(den.clone().eq(lit(0)).or(den.clone().is_null()))
        .then(lit(NULL).cast(DataType::Float64))
        .otherwise(num.cast(DataType::Float64) / den.cast(DataType::Float64))
}

/// `num / den` for counts reduced outside polars; `None` when `den` is zero.
pub(crate) fn fraction(num: i64, den: i64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// Number of rows where the boolean `condition` holds (nulls count as false).
pub fn count_if(condition: Expr) -> Expr {
    condition.fill_null(lit(false)).cast(DataType::Int64).sum()
}

/// Share of the rows where `condition` holds; null on an empty group.
pub fn share(condition: Expr) -> Expr {
    ratio(count_if(condition), rows())
}

/// [`share`] of `true` among `values`; `None` when there are none.
pub(crate) fn share_true(values: Vec<bool>) -> PolarsResult<Option<f64>> {
    let out = df!("value" => values)?
        .lazy()
        .select([share(col("value")).alias("share")])
        .collect()?;
    scalar_f64(&out, "share")
}

/// Number of rows of the group, as `Int64`.
pub fn rows() -> Expr {
    len().cast(DataType::Int64)
}

/// Counts the rows of `lf` per value of the string column `by` (nulls
/// dropped), sorted by label; the count column is `n`.
pub(crate) fn count_by(lf: LazyFrame, by: &str) -> PolarsResult<Vec<(String, i64)>> {
    let df = lf
        .filter(col(by).is_not_null())
        .group_by([col(by)])
        .agg([rows().alias("n")])
        .sort([by], SortMultipleOptions::default())
        .collect()?;
    Ok(strs(&df, by)?
        .into_iter()
        .zip(i64s(&df, "n")?)
        .map(|(label, n)| (label.unwrap_or_default(), n.unwrap_or(0)))
        .collect())
}

/// A string column of a collected frame.
pub(crate) fn strs(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<String>>> {
    Ok(df
        .column(name)?
        .str()?
        .iter()
        .map(|s| s.map(str::to_owned))
        .collect())
}

/// An `Int64` column of a collected frame (cast if needed).
pub(crate) fn i64s(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<i64>>> {
    let c = df.column(name)?.cast(&DataType::Int64)?;
    Ok(c.i64()?.iter().collect())
}

/// A `Float64` column of a collected frame (cast if needed).
pub(crate) fn f64s(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<f64>>> {
    let c = df.column(name)?.cast(&DataType::Float64)?;
    Ok(c.f64()?.iter().collect())
}

/// The single value of a one-row `Float64` result, `None` when null or NaN.
pub(crate) fn scalar_f64(df: &DataFrame, name: &str) -> PolarsResult<Option<f64>> {
    Ok(f64s(df, name)?
        .into_iter()
        .next()
        .flatten()
        .filter(|v| v.is_finite()))
}

/// The single value of a one-row integer result (0 when empty or null).
pub(crate) fn scalar_i64(df: &DataFrame, name: &str) -> PolarsResult<i64> {
    Ok(i64s(df, name)?.into_iter().next().flatten().unwrap_or(0))
}

/// Unwraps the result of a query over frames this crate built itself: an
/// error is a bug, so debug builds (and tests) panic loudly, while release
/// builds degrade to an empty result instead of taking the server down.
pub(crate) fn checked<T: Default>(result: PolarsResult<T>, what: &str) -> T {
    match result {
        Ok(v) => v,
        Err(e) if cfg!(debug_assertions) => panic!("analytics query `{what}` failed: {e}"),
        Err(_) => T::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_is_null_on_zero_denominator() {
        let df = df!("a" => [1i64, 3], "b" => [0i64, 4]).unwrap();
        let out = df
            .lazy()
            .select([ratio(col("a"), col("b")).alias("r")])
            .collect()
            .unwrap();
        assert_eq!(f64s(&out, "r").unwrap(), vec![None, Some(0.75)]);
    }

    #[test]
    fn share_and_count_if_on_groups() {
        let df = df!("g" => ["x", "x", "y"], "ok" => [true, false, true]).unwrap();
        let out = df
            .lazy()
            .group_by([col("g")])
            .agg([share(col("ok")).alias("s"), count_if(col("ok")).alias("c")])
            .sort(["g"], SortMultipleOptions::default())
            .collect()
            .unwrap();
        assert_eq!(f64s(&out, "s").unwrap(), vec![Some(0.5), Some(1.0)]);
        assert_eq!(i64s(&out, "c").unwrap(), vec![Some(1), Some(1)]);
    }

    #[test]
    fn count_by_drops_nulls_and_sorts() {
        let df = df!("k" => [Some("b"), None, Some("a"), Some("b")]).unwrap();
        assert_eq!(
            count_by(df.lazy(), "k").unwrap(),
            vec![("a".to_owned(), 1), ("b".to_owned(), 2)]
        );
    }
}
