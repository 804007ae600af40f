#include "demo/geography.h"

namespace cg::demo {

const std::vector<RegionDef>& regions() {
  static const std::vector<RegionDef> list = {
      {"Y63", "North East and Yorkshire", 'B'},
      {"Y62", "North West", 'N'},
      {"Y60", "Midlands", 'M'},
      {"Y61", "East of England", 'D'},
      {"Y56", "London", 'E'},
      {"Y59", "South East", 'H'},
      {"Y58", "South West", 'L'},
  };
  return list;
}

const std::vector<IcsDef>& systems() {
  static const std::vector<IcsDef> list = {
      // North East and Yorkshire
      {"QHM", "North East and North Cumbria ICS", 0, 3000},
      {"QOQ", "Humber and North Yorkshire ICS", 0, 1700},
      {"QF7", "South Yorkshire ICS", 0, 1400},
      {"QWO", "West Yorkshire ICS", 0, 2400},
      // North West
      {"QE1", "Lancashire and South Cumbria ICS", 1, 1700},
      {"QOP", "Greater Manchester ICS", 1, 2900},
      {"QYG", "Cheshire and Merseyside ICS", 1, 2700},
      // Midlands
      {"QHL", "Birmingham and Solihull ICS", 2, 1300},
      {"QUA", "Black Country ICS", 2, 1300},
      {"QWU", "Coventry and Warwickshire ICS", 2, 1000},
      {"QGH", "Herefordshire and Worcestershire ICS", 2, 800},
      {"QJ2", "Derby and Derbyshire ICS", 2, 1100},
      {"QK1", "Leicester, Leicestershire and Rutland ICS", 2, 1100},
      {"QJM", "Lincolnshire ICS", 2, 800},
      {"QPM", "Northamptonshire ICS", 2, 800},
      {"QT1", "Nottingham and Nottinghamshire ICS", 2, 1100},
      {"QOC", "Shropshire, Telford and Wrekin ICS", 2, 500},
      {"QNC", "Staffordshire and Stoke-on-Trent ICS", 2, 1200},
      // East of England
      {"QUE", "Cambridgeshire and Peterborough ICS", 3, 900},
      {"QM7", "Hertfordshire and West Essex ICS", 3, 1600},
      {"QH8", "Mid and South Essex ICS", 3, 1200},
      {"QMM", "Norfolk and Waveney ICS", 3, 1100},
      {"QHG", "Bedfordshire, Luton and Milton Keynes ICS", 3, 1000},
      {"QJG", "Suffolk and North East Essex ICS", 3, 1000},
      // London
      {"QMJ", "North Central London ICS", 4, 1500},
      {"QMF", "North East London ICS", 4, 2100},
      {"QRV", "North West London ICS", 4, 2100},
      {"QKK", "South East London ICS", 4, 1900},
      {"QWE", "South West London ICS", 4, 1500},
      // South East
      {"QU9", "Buckinghamshire, Oxfordshire and Berkshire West ICS", 5, 1800},
      {"QXU", "Surrey Heartlands ICS", 5, 1100},
      {"QNQ", "Frimley ICS", 5, 800},
      {"QKS", "Kent and Medway ICS", 5, 1900},
      {"QNX", "Sussex ICS", 5, 1700},
      {"QRL", "Hampshire and Isle of Wight ICS", 5, 1800},
      // South West
      {"QOX", "Bath and North East Somerset, Swindon and Wiltshire ICS", 6, 900},
      {"QUY", "Bristol, North Somerset and South Gloucestershire ICS", 6, 1000},
      {"QT6", "Cornwall and the Isles of Scilly ICS", 6, 600},
      {"QJK", "Devon ICS", 6, 1200},
      {"QVV", "Dorset ICS", 6, 800},
      {"QR1", "Gloucestershire ICS", 6, 700},
      {"QSL", "Somerset ICS", 6, 600},
  };
  return list;
}

}  // namespace cg::demo
