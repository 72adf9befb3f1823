"""Where things are in the simulated province: static tables only, no behaviour.

Coordinates follow DOMAIN.md §2.1-2.3 and are approximate (±0.01-0.03°, WGS84). They are
good enough to put markers in the right valley on a wall map, and must not be used for
anything operational. Keeping them apart from the simulation keeps every other module short
and lets a reviewer check the geography in one place.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Gauge:
    """A water-level gauge with its official alarm levels (BĐ I / II / III, m above datum)."""

    id: str
    name: str
    river: str
    lat: float
    lon: float
    alarm_levels_m: tuple[float, float, float]
    normal_level_m: float  # a typical September level in normal operations


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    lat: float
    lon: float
    role: str = ""


@dataclass(frozen=True)
class Camera:
    id: str
    name: str
    lat: float
    lon: float
    # the flood hour from which the camera is cut off (flooded, power or link lost)
    offline_from_flood_hour: float | None = None


@dataclass(frozen=True)
class Shelter:
    id: str
    name: str
    lat: float
    lon: float
    capacity: int
    fills_by_flood_hour: float  # evacuees arrive until this hour of the flood


@dataclass(frozen=True)
class Landslide:
    id: str
    name: str
    lat: float
    lon: float
    from_flood_hour: float


GAUGES: tuple[Gauge, ...] = (
    Gauge("lao_cai", "Lào Cai", "Hồng", 22.500, 103.965, (80.0, 82.0, 83.5), 77.4),
    # Bảo Hà: only alarm III (57.00 m) is sourced (DOMAIN.md §2.3); I and II are our
    # estimates, one metre apart below it, so the alarm column is never empty.
    Gauge("bao_ha", "Bảo Hà", "Hồng", 22.170, 104.340, (55.0, 56.0, 57.0), 53.6),
    Gauge("yen_bai", "Yên Bái", "Thao", 21.705, 104.875, (30.0, 31.0, 32.0), 27.8),
)
GAUGES_BY_ID = {gauge.id: gauge for gauge in GAUGES}

TOWNS: tuple[Place, ...] = (
    Place("lao_cai", "Lào Cai (phường Lào Cai)", 22.4856, 103.9707,
          "thủ phủ cũ, cửa khẩu, trạm thủy văn / former capital, border gate, gauge"),
    Place("sa_pa", "Sa Pa", 22.336, 103.844, "du lịch / tourism town"),
    Place("fansipan", "Đỉnh Fansipan", 22.303, 103.775, "địa danh / landmark"),
    Place("bac_ha", "Bắc Hà", 22.537, 104.290, "trung tâm huyện cũ / district seat"),
    Place("bat_xat", "Bát Xát", 22.538, 103.889, "trung tâm huyện cũ / district seat"),
    Place("pho_lu", "Phố Lu (Bảo Thắng)", 22.317, 104.188, "ven sông Hồng / on the Red River"),
    Place("pho_rang", "Phố Ràng (Bảo Yên)", 22.238, 104.470, "ven sông Chảy / on the Chảy"),
    Place("bao_ha", "Bảo Hà (Bảo Yên)", 22.170, 104.340, "trạm thủy văn / river gauge"),
    Place("khanh_yen", "Khánh Yên (Văn Bàn)", 22.090, 104.253, "trung tâm huyện cũ"),
    Place("muong_khuong", "Mường Khương", 22.768, 104.118, "biên giới / border"),
    Place("si_ma_cai", "Si Ma Cai", 22.700, 104.285, "trung tâm huyện cũ / district seat"),
    Place("lang_nu", "Làng Nủ, xã Phúc Khánh", 22.100, 104.350,
          "lũ quét 10/9/2024 (vị trí gần đúng) / 2024 debris flow (approx.)"),
    Place("yen_bai", "Yên Bái (phường Yên Bái)", 21.705, 104.875,
          "trung tâm tỉnh mới / new provincial centre"),
    Place("nghia_lo", "Nghĩa Lộ", 21.600, 104.512, "thị xã cũ / town"),
    Place("mu_cang_chai", "Mù Cang Chải", 21.853, 104.087, "ruộng bậc thang / terraces"),
    Place("luc_yen", "Lục Yên (Yên Thế)", 22.110, 104.766, ""),
    Place("van_yen", "Văn Yên (Mậu A)", 21.882, 104.693, "ven sông Hồng / on the Red River"),
    Place("van_chan", "Văn Chấn (Sơn Thịnh)", 21.575, 104.605, ""),
    Place("tram_tau", "Trạm Tấu", 21.465, 104.380, ""),
    Place("tran_yen", "Trấn Yên (Cổ Phúc)", 21.760, 104.825, ""),
    Place("yen_binh", "Yên Bình", 21.730, 104.970, ""),
    Place("thac_ba", "Hồ Thác Bà", 21.850, 105.000, "hồ chứa / reservoir"),
)

# Communes and wards the citizen reports and dossiers are attributed to (with a point to put
# a report marker near).
COMMUNES: tuple[Place, ...] = (
    Place("p_lao_cai", "P. Lào Cai", 22.4856, 103.9707),
    Place("p_coc_leu", "P. Cốc Lếu", 22.497, 103.968),
    Place("p_cam_duong", "P. Cam Đường", 22.430, 104.000),
    Place("p_yen_bai", "P. Yên Bái", 21.705, 104.875),
    Place("sa_pa", "P. Sa Pa", 22.336, 103.844),
    Place("bat_xat", "X. Bát Xát", 22.538, 103.889),
    Place("bao_thang", "X. Bảo Thắng", 22.317, 104.188),
    Place("bao_yen", "X. Bảo Yên", 22.238, 104.470),
    Place("phuc_khanh", "X. Phúc Khánh", 22.105, 104.360),
    Place("van_ban", "X. Văn Bàn", 22.090, 104.253),
    Place("bac_ha", "X. Bắc Hà", 22.537, 104.290),
    Place("muong_khuong", "X. Mường Khương", 22.768, 104.118),
    Place("luc_yen", "X. Lục Yên", 22.110, 104.766),
    Place("p_nghia_lo", "P. Nghĩa Lộ", 21.600, 104.512),
    Place("tran_yen", "X. Trấn Yên", 21.760, 104.825),
)
# The ones along the Red River and in Bảo Yên, where flood reports come from.
FLOOD_COMMUNES = ("p_lao_cai", "p_coc_leu", "bao_thang", "phuc_khanh", "bao_yen", "bat_xat")

CAMERAS: tuple[Camera, ...] = (
    Camera("cam01", "Bờ sông Hồng, P. Lào Cai", 22.503, 103.962),
    Camera("cam02", "Cầu Cốc Lếu", 22.497, 103.968, offline_from_flood_hour=3.0),
    Camera("cam03", "Đường An Dương Vương", 22.490, 103.975, offline_from_flood_hour=3.0),
    Camera("cam04", "Ngã tư Hoàng Liên", 22.480, 103.980),
    Camera("cam05", "Trung tâm Sa Pa", 22.336, 103.843),
    Camera("cam06", "QL4D đèo Ô Quy Hồ", 22.350, 103.770),
    Camera("cam07", "Cầu Phố Lu", 22.318, 104.190, offline_from_flood_hour=4.0),
    Camera("cam08", "Bảo Hà, QL70", 22.171, 104.338, offline_from_flood_hour=4.5),
    Camera("cam09", "Cầu Văn Phú, P. Yên Bái", 21.706, 104.873),
    Camera("cam10", "Trung tâm Bắc Hà", 22.536, 104.290),
    Camera("cam11", "UBND xã Phúc Khánh", 22.110, 104.365, offline_from_flood_hour=5.0),
    Camera("cam12", "Trung tâm Nghĩa Lộ", 21.600, 104.510),
)
CAMERAS_BY_ID = {camera.id: camera for camera in CAMERAS}
CAMERA_NETWORK_SIZE = 131  # AI cameras province-wide (DOMAIN.md §1.3 i); 12 are on the map

SHELTERS: tuple[Shelter, ...] = (
    Shelter("s1", "Trường THPT số 1 Lào Cai", 22.470, 103.990, 600, 3.0),
    Shelter("s2", "Nhà văn hóa P. Cốc Lếu", 22.488, 103.985, 250, 2.5),
    Shelter("s3", "Trường THCS Phố Lu", 22.325, 104.200, 300, 4.0),
    Shelter("s4", "UBND xã Phúc Khánh (cũ)", 22.115, 104.375, 150, 6.0),
    Shelter("s5", "Trường tiểu học Bảo Hà", 22.178, 104.352, 200, 4.5),
    Shelter("s6", "Nhà thi đấu tỉnh, P. Yên Bái", 21.712, 104.884, 800, 6.0),
    Shelter("s7", "Trường THCS Khánh Yên", 22.092, 104.262, 250, 5.5),
    Shelter("s8", "Nhà văn hóa Sa Pa", 22.336, 103.846, 300, 3.5),
)

LANDSLIDES: tuple[Landslide, ...] = (
    Landslide("ls1", "QL70 đoạn qua Bảo Hà — sạt taluy", 22.190, 104.310, 3.0),
    Landslide("ls2", "Đường lên Y Tý — sạt lở", 22.620, 103.620, 4.0),
    Landslide("ls3", "Làng Nủ, xã Phúc Khánh — lũ quét, bùn đá", 22.100, 104.350, 5.0),
    Landslide("ls4", "Đường vào xã Phúc Khánh — sạt lở", 22.130, 104.400, 5.2),
    Landslide("ls5", "Tỉnh lộ 153 Bắc Hà — sạt lở", 22.560, 104.250, 6.0),
    Landslide("ls6", "QL4D Sa Pa — Bát Xát — sạt lở", 22.420, 103.860, 6.5),
)

AQI_STATIONS: tuple[tuple[Place, int], ...] = (  # (station, typical VN_AQI)
    (Place("lc_city", "P. Lào Cai", 22.4856, 103.9707), 62),
    (Place("sa_pa", "Sa Pa", 22.336, 103.844), 38),
    (Place("yen_bai", "P. Yên Bái", 21.705, 104.875), 71),
    (Place("bac_ha", "Bắc Hà", 22.537, 104.290), 45),
    (Place("nghia_lo", "Nghĩa Lộ", 21.600, 104.512), 55),
)

RAIN_STATIONS: tuple[tuple[Place, float], ...] = (  # (station, share of the flood rain)
    (Place("bat_xat", "Bát Xát (Ngòi Phát)", 22.560, 103.800), 1.3),
    (Place("sa_pa", "Sa Pa", 22.336, 103.844), 1.0),
    (Place("bao_yen", "Bảo Yên", 22.238, 104.470), 1.1),
    (Place("van_ban", "Văn Bàn", 22.090, 104.253), 0.9),
    (Place("yen_bai", "P. Yên Bái", 21.705, 104.875), 0.7),
)

# Hand-drawn outline of the merged province (old Lào Cai + Yên Bái, bbox lon 103.53-105.10,
# lat 21.33-22.85, DOMAIN.md §2.1), [lon, lat], counter-clockwise as RFC 7946 asks.
# APPROXIMATE: made to orient a viewer, not a boundary.
PROVINCE_OUTLINE: tuple[tuple[float, float], ...] = (
    (103.53, 22.60), (103.58, 22.42), (103.66, 22.28), (103.76, 22.14), (103.86, 21.98),
    (103.89, 21.80), (103.98, 21.62), (104.15, 21.48), (104.35, 21.36), (104.58, 21.33),
    (104.82, 21.40), (104.98, 21.52), (105.06, 21.70), (105.10, 21.90), (105.06, 22.10),
    (104.95, 22.25), (104.78, 22.32), (104.62, 22.40), (104.55, 22.55), (104.42, 22.68),
    (104.32, 22.78), (104.22, 22.85), (104.10, 22.82), (104.04, 22.70), (103.98, 22.56),
    (103.96, 22.52), (103.88, 22.60), (103.78, 22.70), (103.66, 22.76), (103.57, 22.70),
    (103.53, 22.60),
)
# Red River (sông Hồng / sông Thao) demo polyline, NW -> SE (DOMAIN.md §2.2), [lon, lat].
RED_RIVER: tuple[tuple[float, float], ...] = (
    (103.73, 22.62), (103.96, 22.50), (104.19, 22.32), (104.34, 22.17), (104.69, 21.88),
    (104.88, 21.70), (105.20, 21.45),
)

DEPARTMENTS = ("Sở Xây dựng", "Sở Nông nghiệp và Môi trường", "Sở Tài chính", "Sở Y tế",
               "Sở Giáo dục và Đào tạo", "Sở Công Thương", "Sở Tư pháp", "Sở Nội vụ")
REPORT_CATEGORIES = ("Hạ tầng giao thông", "Môi trường, rác thải", "Điện, chiếu sáng, nước",
                     "An ninh trật tự", "Thủ tục hành chính", "Thiên tai")
