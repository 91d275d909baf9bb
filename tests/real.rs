//! The openings of 27 real published reports (tests/fixtures/real, copied
//! unedited from the shared corpus; sources in SOURCES.tsv): a snapshot of
//! each one's outline and findings, one test per file so that a change in
//! one does not hide the others. The openings stop after about 800
//! characters and their punctuation was normalised to half-width when they
//! were captured: findings that a later part is missing, and the
//! half-width punctuation finding, are expected there.

mod support;

use support::outline::{self, ENGINE};

fn snapshot(name: &str) {
    let path = format!("tests/fixtures/real/{name}.txt");
    let bytes = std::fs::read(&path).expect("fixture");
    let checked = ENGINE
        .check(&bytes, std::path::Path::new(&path), &Default::default())
        .expect("checked");
    snapshot!(
        format!("real.{name}"),
        outline::outline_and_findings(&checked)
    );
}

macro_rules! real_reports {
    ($($test:ident => $name:literal,)*) => {
        $(#[test] fn $test() { snapshot($name); })*

        /// Every fixture has its test.
        #[test]
        fn every_fixture_is_snapshotted() {
            let mut listed = vec![$($name),*];
            listed.sort_unstable();
            let mut files: Vec<String> = std::fs::read_dir("tests/fixtures/real")
                .expect("folder")
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter_map(|f| f.strip_suffix(".txt").map(String::from))
                .collect();
            files.sort_unstable();
            assert_eq!(listed, files);
        }
    };
}

real_reports! {
    beijingshi_2020 => "beijingshi-2020",
    beijingshi_2021 => "beijingshi-2021",
    ditangxiang_2023 => "ditangxiang-2023",
    donganxian_yingjiguanliju_2025 => "donganxian-yingjiguanliju-2025",
    dongguanshi_sifaju_2023 => "dongguanshi-sifaju-2023",
    guangzhoushi_sifaju_2023 => "guangzhoushi-sifaju-2023",
    heilongjiangsheng_2021 => "heilongjiangsheng-2021",
    huangpiqu_2020 => "huangpiqu-2020",
    hunansheng_2020 => "hunansheng-2020",
    jianhuxian_jiaoyuju_2024 => "jianhuxian-jiaoyuju-2024",
    jinghaiqu_2020 => "jinghaiqu-2020",
    jukuizhen_2021 => "jukuizhen-2021",
    liuxiajiedao_2022 => "liuxiajiedao-2022",
    lushanxian_2024 => "lushanxian-2024",
    nanchangxian_2019 => "nanchangxian-2019",
    quxian_gongshixiang_2024 => "quxian-gongshixiang-2024",
    shaanxisheng_2021 => "shaanxisheng-2021",
    shaoxingshi_shichangjianguanju_2023 => "shaoxingshi-shichangjianguanju-2023",
    shijiazhuangshi_2016 => "shijiazhuangshi-2016",
    sichuansheng_2022 => "sichuansheng-2022",
    wuhanshi_2022 => "wuhanshi-2022",
    wuhanshi_sifaju_2022 => "wuhanshi-sifaju-2022",
    yingjiguanlibu_2022 => "yingjiguanlibu-2022",
    yueyangshi_2020 => "yueyangshi-2020",
    yueyangxian_2022 => "yueyangxian-2022",
    zhaoxian_2022 => "zhaoxian-2022",
    ziboshi_2017 => "ziboshi-2017",
}

/// Every opening whose page text has a title: the title is found.
#[test]
fn every_title_present_is_found() {
    for name in [
        "beijingshi-2020",
        "beijingshi-2021",
        "ditangxiang-2023",
        "donganxian-yingjiguanliju-2025",
        "guangzhoushi-sifaju-2023",
        "huangpiqu-2020",
        "hunansheng-2020",
        "jinghaiqu-2020",
        "jukuizhen-2021",
        "liuxiajiedao-2022",
        "lushanxian-2024",
        "shaanxisheng-2021",
        "shijiazhuangshi-2016",
        "sichuansheng-2022",
        "wuhanshi-2022",
        "wuhanshi-sifaju-2022",
        "zhaoxian-2022",
    ] {
        let path = format!("tests/fixtures/real/{name}.txt");
        let bytes = std::fs::read(&path).expect("fixture");
        let checked = ENGINE
            .check(&bytes, std::path::Path::new(&path), &Default::default())
            .expect("checked");
        let title = checked
            .outline
            .title
            .as_ref()
            .unwrap_or_else(|| panic!("{name}: no title"));
        assert!(
            title.unit.is_some() && title.year.is_some(),
            "{name}: {title:?}"
        );
        assert!(
            !outline::rule_ids(&checked)
                .iter()
                .any(|r| r.starts_with("core/title")),
            "{name}"
        );
    }
}
