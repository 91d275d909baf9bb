//! Font families and Chinese type sizes.
//!
//! One face goes by many names: 仿宋_GB2312, 仿宋, FangSong, 方正仿宋_GBK,
//! 方正仿宋简体, FZFangSong-Z02S. [`font_family`] brings a name to the
//! family a pack names (「仿宋」「小标宋」「黑体」「楷体」「宋体」), so a rule
//! accepts every name of the face it wants.

/// Latin names of the faces, lower case without spaces, and their family.
const LATIN_NAMES: &[(&str, &str)] = &[
    ("fangsong", "仿宋"),
    ("fangsong_gb2312", "仿宋"),
    ("stfangsong", "仿宋"),
    ("fzfangsong", "仿宋"),
    ("fzfsk", "仿宋"),
    ("fzfsjw", "仿宋"),
    ("simfang", "仿宋"),
    ("kaiti", "楷体"),
    ("kaiti_gb2312", "楷体"),
    ("stkaiti", "楷体"),
    ("fzkai", "楷体"),
    ("fzktk", "楷体"),
    ("fzktjw", "楷体"),
    ("simkai", "楷体"),
    ("simhei", "黑体"),
    ("heiti", "黑体"),
    ("stheiti", "黑体"),
    ("fzhei", "黑体"),
    ("fzhtk", "黑体"),
    ("fzhtjw", "黑体"),
    ("fzxiaobiaosong", "小标宋"),
    ("fzxbsk", "小标宋"),
    ("fzxbsjw", "小标宋"),
    ("simsun", "宋体"),
    ("nsimsun", "宋体"),
    ("songti", "宋体"),
    ("stsong", "宋体"),
];

/// The family of a font name, if it is one of the 公文 faces; else the
/// name itself without its encoding suffix.
pub fn font_family(name: &str) -> String {
    let name = name.trim();
    let latin: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    // FZFangSong-Z02S, FZXBSJW--GB1-0: the part before the first dash.
    let stem = latin.split('-').next().unwrap_or(&latin);
    if let Some((_, family)) = LATIN_NAMES
        .iter()
        .find(|(n, _)| *n == stem || (n.len() >= 5 && stem.starts_with(n)))
    {
        return (*family).to_string();
    }
    let mut han = name.to_string();
    for prefix in ["方正", "华文", "汉仪"] {
        if let Some(rest) = han.strip_prefix(prefix) {
            han = rest.to_string();
        }
    }
    for suffix in [
        "_GB2312", "-GB2312", "GB2312", "_GB18030", "_GBK", "-GBK", "GBK", "_CS", "简体", "繁体",
        "_",
    ] {
        if let Some(rest) = han.strip_suffix(suffix) {
            han = rest.to_string();
        }
    }
    match han.as_str() {
        "仿宋" | "仿宋体" | "中仿宋" => "仿宋".into(),
        "楷体" | "楷" | "中楷" => "楷体".into(),
        "黑体" | "黑" | "中黑" => "黑体".into(),
        "小标宋" | "小标宋体" => "小标宋".into(),
        "宋体" | "宋" | "新宋体" | "中宋" => "宋体".into(),
        _ => name.to_string(),
    }
}

/// The Chinese name of a type size in half-points (「三号」 for 32).
pub fn size_name(half_points: u32) -> Option<&'static str> {
    Some(match half_points {
        84 => "初号",
        72 => "小初",
        52 => "一号",
        48 => "小一",
        44 => "二号",
        36 => "小二",
        32 => "三号",
        30 => "小三",
        28 => "四号",
        24 => "小四",
        21 => "五号",
        18 => "小五",
        15 => "六号",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_one_face_are_one_family() {
        for name in [
            "仿宋_GB2312",
            "仿宋",
            "FangSong",
            "FangSong_GB2312",
            "方正仿宋_GBK",
            "方正仿宋简体",
            "FZFangSong-Z02S",
            "华文仿宋",
        ] {
            assert_eq!(font_family(name), "仿宋", "{name}");
        }
        for name in [
            "方正小标宋简体",
            "方正小标宋_GBK",
            "小标宋",
            "FZXiaoBiaoSong-B05S",
        ] {
            assert_eq!(font_family(name), "小标宋", "{name}");
        }
        for name in ["黑体", "SimHei", "方正黑体_GBK", "方正黑体简体"] {
            assert_eq!(font_family(name), "黑体", "{name}");
        }
        for name in [
            "楷体_GB2312",
            "楷体",
            "KaiTi",
            "方正楷体_GBK",
            "KaiTi_GB2312",
        ] {
            assert_eq!(font_family(name), "楷体", "{name}");
        }
        assert_eq!(font_family("宋体"), "宋体");
        assert_eq!(font_family("SimSun"), "宋体");
        // Near misses stay themselves.
        assert_eq!(font_family("方正书宋_GBK"), "方正书宋_GBK");
        assert_eq!(font_family("微软雅黑"), "微软雅黑");
        assert_eq!(font_family("Times New Roman"), "Times New Roman");
    }

    #[test]
    fn sizes_have_their_chinese_names() {
        assert_eq!(size_name(44), Some("二号"));
        assert_eq!(size_name(32), Some("三号"));
        assert_eq!(size_name(24), Some("小四"));
        assert_eq!(size_name(33), None);
    }
}
